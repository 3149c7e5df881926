import { describe, expect, it } from 'vitest';
import { createAppStore } from '../store';
import { FakeBridge } from '../test/fake-bridge';
import { v2Message } from '../test/messages';
import { reportIncomingMessage } from './host-sync';

describe('reportIncomingMessage', () => {
  it('tells the host whether the message mentions the signed-in user', () => {
    const store = createAppStore();
    store.setState({ me: { id: 'u-alice' } as never });
    const bridge = new FakeBridge();
    const base = {
      conversationId: 'c1',
      seq: 1,
      senderId: 'u-bob',
      clientId: 'k',
      body: '@alice hi',
      sentAt: 5,
    };
    reportIncomingMessage(bridge, store, v2Message({ ...base, id: 'm1', mentions: ['u-alice'] }));
    reportIncomingMessage(bridge, store, v2Message({ ...base, id: 'm2', mentions: ['u-carol'] }));
    expect(bridge.reportIncomingMessage.mock.calls.map(([event]) => event.mentionsMe)).toEqual([true, false]);
  });
});
