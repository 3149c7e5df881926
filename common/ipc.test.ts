import { describe, expect, it } from 'vitest';
import { bridgeCoverage, eventChannels, invokeChannels, sendChannels } from './ipc';

describe('IPC channel map', () => {
  it('declares every channel once, all namespaced', () => {
    const channels = [
      ...Object.values(invokeChannels).map((entry) => entry.channel),
      ...Object.values(sendChannels).map((entry) => entry.channel),
      ...Object.values(eventChannels),
    ];
    expect(new Set(channels).size).toBe(channels.length);
    for (const channel of channels) expect(channel).toMatch(/^beacon:[a-z:-]+$/);
    expect(bridgeCoverage).toBe(true);
  });

  it('validates argument lists as tuples (no extra arguments)', () => {
    expect(invokeChannels.getSettings.args.safeParse([]).success).toBe(true);
    expect(invokeChannels.getSettings.args.safeParse([1]).success).toBe(false);
    expect(sendChannels.reportView.args.safeParse([{ conversationId: null, status: 'dnd' }]).success).toBe(
      true,
    );
    expect(sendChannels.reportView.args.safeParse([{ conversationId: null, status: 'asleep' }]).success).toBe(
      false,
    );
  });
});
