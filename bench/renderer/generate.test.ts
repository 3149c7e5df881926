import { describe, expect, it } from 'vitest';
import { createRandom, generateHistory, personName, randomPresence, seqMarker } from './generate';

describe('generated organisation', () => {
  it('gives 5,000 people distinct names', () => {
    const names = new Set(Array.from({ length: 5_000 }, (_, i) => personName(i)));
    expect(names.size).toBe(5_000);
  });

  it('is the same on every run', () => {
    const a = generateHistory(500, 1_700_000_000_000, createRandom(1));
    const b = generateHistory(500, 1_700_000_000_000, createRandom(1));
    expect(a).toEqual(b);
  });
});

describe('generateHistory', () => {
  const endAt = 1_700_000_000_000;
  const history = generateHistory(5_000, endAt, createRandom(99));

  it('ends just before the given time, in ascending order, each body ending with its seq marker', () => {
    expect(history).toHaveLength(5_000);
    expect(history.at(-1)?.sentAt).toBeLessThan(endAt);
    for (let i = 1; i < history.length; i += 1) {
      expect(history[i]?.sentAt).toBeGreaterThanOrEqual(history[i - 1]?.sentAt ?? 0);
    }
    history.forEach((message, i) => {
      expect(message.body.endsWith(` ${seqMarker(i + 1)}`)).toBe(true);
    });
  });

  it('has both senders, runs by one sender, and pauses long enough for day separators', () => {
    const senders = new Set(history.map((message) => message.sender));
    expect(senders).toEqual(new Set([0, 1]));
    const repeats = history.filter((message, i) => i > 0 && history[i - 1]?.sender === message.sender);
    expect(repeats.length).toBeGreaterThan(1_000);
    const days = new Set(history.map((message) => Math.floor(message.sentAt / 86_400_000)));
    expect(days.size).toBeGreaterThan(5);
  });
});

describe('randomPresence', () => {
  it('produces valid statuses, notes within 140 chars, and idle times in the past', () => {
    const random = createRandom(3);
    const now = 1_700_000_000_000;
    for (let i = 0; i < 500; i += 1) {
      const presence = randomPresence(random, now);
      expect(['available', 'away', 'busy', 'dnd', 'offline']).toContain(presence.status);
      expect((presence.message ?? '').length).toBeLessThanOrEqual(140);
      if (presence.idleSince != null) expect(presence.idleSince).toBeLessThanOrEqual(now);
    }
  });
});
