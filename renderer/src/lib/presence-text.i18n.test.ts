import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyLanguageSetting } from '../i18n';
import { durationLabel, untilProblem } from './durations';
import { idleText, presenceSummary } from './presence';
import { formatUntil, presenceDetails } from './presence-text';

beforeEach(() => applyLanguageSetting('de'));
afterEach(() => applyLanguageSetting('system'));

const MINUTE = 60_000;

describe('presence texts in German', () => {
  it('words idle time, durations and end-time problems in German', () => {
    const now = Date.now();
    expect(idleText(now - 12 * MINUTE, now)).toBe('inaktiv seit 12 Min.');
    expect(idleText(now - 24 * 60 * MINUTE, now)).toBe('inaktiv seit 1 Tag');
    expect(durationLabel('1h')).toBe('Für 1 Stunde');
    expect(untilProblem(null, now)).toBe('Wähle ein Datum und eine Uhrzeit.');
    expect(untilProblem(now - 1, now)).toBe('Wähle eine Uhrzeit in der Zukunft.');
  });

  it('explains a presence in German', () => {
    const now = new Date(2026, 2, 3, 10, 0).getTime();
    const endOfDay = new Date(2026, 2, 4).getTime();
    expect(formatUntil(endOfDay, now)).toBe('Tagesende');
    const presence = {
      userId: 'u1',
      status: 'busy' as const,
      message: 'Im Termin',
      idleSince: null,
      updatedAt: now,
      source: 'manual' as const,
      until: endOfDay,
    };
    expect(presenceSummary(presence, now)).toBe('Beschäftigt');
    expect(presenceDetails(presence, now, null).split('\n')).toEqual([
      'Beschäftigt bis Tagesende',
      'Beschäftigt: selbst gewählt, bis Tagesende',
      'Notiz: Im Termin',
    ]);
  });
});
