import { describe, expect, it } from 'vitest';
import { HiddenReads } from './hidden-reads';

function setup() {
  const hidden = new Set<string>();
  const reads = new HiddenReads((userId) => hidden.has(userId));
  return { hidden, reads };
}

describe('HiddenReads', () => {
  it('keeps nothing for a visible reader', () => {
    const { reads } = setup();
    reads.beforeRead('bob', 'c1', 2);
    expect(reads.size).toBe(0);
    expect(reads.forViewer('alice', 'c1', { alice: 5, bob: 4 })).toEqual({ alice: 5, bob: 4 });
  });

  it('freezes the position others saw at the first read while hidden; the reader sees the real one', () => {
    const { hidden, reads } = setup();
    hidden.add('bob');
    reads.beforeRead('bob', 'c1', 2);
    reads.beforeRead('bob', 'c1', 4);
    expect(reads.forViewer('alice', 'c1', { alice: 5, bob: 6 })).toEqual({ alice: 5, bob: 2 });
    expect(reads.forViewer('bob', 'c1', { alice: 5, bob: 6 })).toEqual({ alice: 5, bob: 6 });
    // Other conversations are untouched, and the entry is never omitted.
    expect(reads.forViewer('alice', 'c2', { alice: 1, bob: 3 })).toEqual({ alice: 1, bob: 3 });
  });

  it('releases only once the user no longer appears offline, and only once', () => {
    const { hidden, reads } = setup();
    hidden.add('bob');
    reads.beforeRead('bob', 'c1', 2);
    reads.beforeRead('bob', 'c2', 0);
    expect(reads.takeReleased('bob')).toEqual(new Map());
    hidden.delete('bob');
    // Visible again: the real positions show even before the release.
    expect(reads.publicSeq('bob', 'c1', 6)).toBe(6);
    expect(reads.takeReleased('bob')).toEqual(
      new Map([
        ['c1', 2],
        ['c2', 0],
      ]),
    );
    expect(reads.takeReleased('bob')).toEqual(new Map());
    expect(reads.size).toBe(0);
  });

  it('freezes anew when the user hides again', () => {
    const { hidden, reads } = setup();
    hidden.add('bob');
    reads.beforeRead('bob', 'c1', 2);
    hidden.delete('bob');
    reads.takeReleased('bob');
    hidden.add('bob');
    expect(reads.publicSeq('bob', 'c1', 6)).toBe(6);
    reads.beforeRead('bob', 'c1', 6);
    expect(reads.publicSeq('bob', 'c1', 9)).toBe(6);
  });

  it('starts empty (a restarted server shows the real positions)', () => {
    const { hidden, reads } = setup();
    hidden.add('bob');
    expect(reads.forViewer('alice', 'c1', { alice: 1, bob: 7 })).toEqual({ alice: 1, bob: 7 });
  });
});
