import { describe, expect, it } from 'vitest';
import { messageLink, parseMessageLink } from './transcript-rows';

describe('message links', () => {
  it('round-trips a message link through the web client’s hash', () => {
    const link = messageLink('https://chat.acme.test', { conversationId: 'c/1', id: 'm 2', seq: 42 });
    expect(link).toBe('https://chat.acme.test/#/conversation/c%2F1/message/m%202?seq=42');
    expect(parseMessageLink(link)).toEqual({ conversationId: 'c/1', messageId: 'm 2', seq: 42 });
    expect(parseMessageLink('#/elsewhere')).toBeNull();
  });
});
