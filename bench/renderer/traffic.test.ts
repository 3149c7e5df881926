import { describe, expect, it } from 'vitest';
import { socketIoEvents } from './traffic';

describe('socketIoEvents', () => {
  it('reads socket.io EVENT packets, with or without an ack id', () => {
    expect(socketIoEvents('42["presence",{"userId":"u1"}]')).toEqual([['presence', { userId: 'u1' }]]);
    expect(socketIoEvents('4217["presence:subscribe",{"userIds":["a","b"]}]')).toEqual([
      ['presence:subscribe', { userIds: ['a', 'b'] }],
    ]);
  });

  it('splits long-polling bodies and ignores acks, pings and binary frames', () => {
    const body = ['2', '43[{"ok":true}]', '42["message:history",{"conversationId":"c"}]'].join('\x1e');
    expect(socketIoEvents(body)).toEqual([['message:history', { conversationId: 'c' }]]);
    expect(socketIoEvents(Buffer.from('42["presence",{}]'))).toEqual([]);
    expect(socketIoEvents('42[not json')).toEqual([]);
  });
});
