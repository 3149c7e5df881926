import type { Presence } from '@beacon/protocol';
import { describe, expect, it } from 'vitest';
import { presenceOf } from '../test/fake-server';
import { availabilityRank } from './presence';
import { formatUntil, presenceDetails, presenceHeadline, presenceReason, staleText } from './presence-text';
import { formatTime } from './time';

const NOW = new Date(2026, 11, 2, 10, 0).getTime();
const at = (hour: number, minute = 0, day = 2) => new Date(2026, 11, day, hour, minute).getTime();

function v2(status: Presence['status'], extra: Partial<Presence>): Presence {
  return { ...presenceOf('u-bob', status, NOW), source: 'manual', activity: null, until: null, ...extra };
}

describe('presence text', () => {
  it('says until when, briefly', () => {
    expect(formatUntil(at(15), NOW)).toBe(formatTime(at(15)));
    expect(formatUntil(at(0, 0, 3), NOW)).toBe('end of day');
    expect(formatUntil(at(0, 0, 4), NOW)).toMatch(/^end of .*3/);
    expect(formatUntil(at(9, 30, 5), NOW)).toContain(formatTime(at(9, 30, 5)));
  });

  it('heads with status, activity and end: "Busy until 15:00", "Away · Out of office until …"', () => {
    expect(presenceHeadline(v2('busy', { until: at(15) }), NOW)).toBe(`Busy until ${formatTime(at(15))}`);
    expect(
      presenceHeadline(
        v2('away', { source: 'out_of_office', activity: 'Out of office', until: at(0, 0, 4) }),
        NOW,
      ),
    ).toMatch(/^Away · Out of office until end of /);
    // A v1 presence has none of it.
    expect(presenceHeadline(presenceOf('u-bob', 'busy'), NOW)).toBe('Busy');
    // An end already past is not shown.
    expect(presenceHeadline(v2('busy', { until: NOW - 1 }), NOW)).toBe('Busy');
  });

  it('explains why, from source and (own view) devices', () => {
    const locked = v2('away', {
      source: 'locked',
      devices: [{ sessionId: 's1', label: 'Windows laptop', state: 'locked', since: at(9, 42) }],
    });
    expect(presenceReason(locked, NOW)).toBe(
      `Away: screen locked on Windows laptop at ${formatTime(at(9, 42))}`,
    );
    expect(presenceReason(v2('away', { source: 'idle', idleSince: at(9, 30) }), NOW)).toBe(
      `Away: inactive since ${formatTime(at(9, 30))}`,
    );
    expect(
      presenceReason(v2('busy', { source: 'integration', activity: 'In a meeting (Calendar)' }), NOW),
    ).toBe('Busy: In a meeting (Calendar)');
    expect(presenceReason(presenceOf('u-bob', 'busy'), NOW)).toBeNull();
  });

  it('gives the whole note and staleness in the details', () => {
    const note = 'A'.repeat(140);
    const details = presenceDetails(v2('busy', { message: note }), NOW, at(9, 15));
    expect(details).toContain(`Note: ${note}`);
    expect(details).toContain(staleText(at(9, 15)));
    expect(staleText(at(9, 15))).toBe(`last known · ${formatTime(at(9, 15))}`);
  });

  it('ranks availability groups: available, busy/dnd, away, offline', () => {
    expect(
      ['available', 'busy', 'dnd', 'away', 'offline', undefined].map((s) => availabilityRank(s as never)),
    ).toEqual([0, 1, 1, 2, 3, 3]);
  });
});
