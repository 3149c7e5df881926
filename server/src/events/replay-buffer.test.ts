import { describe, expect, it } from 'vitest';
import type { BeaconEvent } from './bus';
import { ReplayBuffer } from './replay-buffer';

const START = 1_000;
const event = (id: number): BeaconEvent => ({
  id,
  type: 'presence.changed',
  createdAt: id,
  data: {
    email: `u${id}@acme.test`,
    presence: { userId: 'u', status: 'available', message: null, activity: null, updatedAt: id } as never,
  },
});

describe('ReplayBuffer', () => {
  it('resumes from the start id and from any buffered id, with exactly the later events', () => {
    const buffer = new ReplayBuffer(3, START);
    expect(buffer.since(START)).toEqual([]);
    for (let id = START + 1; id <= START + 3; id += 1) buffer.push(event(id));
    expect(buffer.since(START)).toEqual([event(START + 1), event(START + 2), event(START + 3)]);
    expect(buffer.since(START + 2)).toEqual([event(START + 3)]);
    expect(buffer.since(START + 3)).toEqual([]);
  });

  it('says reset once the events after the id were dropped, and for ids it never handed out', () => {
    const buffer = new ReplayBuffer(3, START);
    for (let id = START + 1; id <= START + 5; id += 1) buffer.push(event(id));
    // Kept: 1003, 1004, 1005. After 1002 nothing is missing; after 1001, 1002 is.
    expect(buffer.since(START + 2)).toEqual([event(START + 3), event(START + 4), event(START + 5)]);
    expect(buffer.since(START + 1)).toBe('reset');
    expect(buffer.since(START - 500)).toBe('reset');
    expect(buffer.since(START + 6)).toBe('reset');
    expect(buffer.since(Number.NaN)).toBe('reset');
  });
});
