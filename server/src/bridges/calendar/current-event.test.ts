import ical from 'node-ical';
import { describe, expect, it } from 'vitest';
import { nextChangeAfter, occurrencesAround, stateAt } from './current-event';

/** A calendar of VEVENTs, each given as its property lines. */
function calendar(...events: string[][]) {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Beacon tests//EN'];
  events.forEach((properties, index) => {
    lines.push('BEGIN:VEVENT', `UID:event-${index}`, 'DTSTAMP:20260101T000000Z', ...properties, 'END:VEVENT');
  });
  lines.push('END:VCALENDAR');
  return ical.sync.parseICS(lines.join('\r\n'));
}
const at = (iso: string) => new Date(iso).getTime();
const options = { email: 'alice@acme.test', publicSummaries: false };
function stateOf(now: number, ...events: string[][]) {
  return stateAt(occurrencesAround(calendar(...events), now, options), now, options);
}

describe('calendar: the state at a moment', () => {
  it('is busy "In a meeting" during an opaque event, until its end; nothing before or after', () => {
    const meeting = ['DTSTART:20261201T100000Z', 'DTEND:20261201T110000Z', 'SUMMARY:Budget review'];
    expect(stateOf(at('2026-12-01T10:30:00Z'), meeting)).toEqual({
      status: 'busy',
      activity: 'In a meeting',
      end: at('2026-12-01T11:00:00Z'),
    });
    expect(stateOf(at('2026-12-01T09:59:59Z'), meeting)).toBeNull();
    expect(stateOf(at('2026-12-01T11:00:00Z'), meeting)).toBeNull();
  });

  it('shows the summary of a CLASS:PUBLIC event only when public summaries are on', () => {
    const events = calendar([
      'DTSTART:20261201T100000Z',
      'DTEND:20261201T110000Z',
      'SUMMARY:All hands',
      'CLASS:PUBLIC',
    ]);
    const now = at('2026-12-01T10:30:00Z');
    const occurrences = occurrencesAround(events, now, options);
    expect(stateAt(occurrences, now, options)?.activity).toBe('In a meeting');
    expect(stateAt(occurrences, now, { ...options, publicSummaries: true })?.activity).toBe('All hands');
  });

  it('expands a weekly recurring event in its time zone, across a daylight-saving change', () => {
    // 09:00 in Berlin every Monday: UTC+1 in winter (08:00Z), UTC+2 in summer (07:00Z).
    const weekly = [
      'DTSTART;TZID=Europe/Berlin:20260105T090000',
      'DTEND;TZID=Europe/Berlin:20260105T093000',
      'RRULE:FREQ=WEEKLY;BYDAY=MO',
      'SUMMARY:Stand-up',
    ];
    expect(stateOf(at('2026-11-30T08:10:00Z'), weekly)).toMatchObject({ end: at('2026-11-30T08:30:00Z') });
    expect(stateOf(at('2026-06-01T07:10:00Z'), weekly)).toMatchObject({ end: at('2026-06-01T07:30:00Z') });
    expect(stateOf(at('2026-06-01T08:10:00Z'), weekly)).toBeNull();
    expect(stateOf(at('2026-06-02T07:10:00Z'), weekly)).toBeNull();
  });

  it('skips an EXDATE of a recurring event', () => {
    const weekly = [
      'DTSTART:20261102T100000Z',
      'DTEND:20261102T110000Z',
      'RRULE:FREQ=WEEKLY',
      'EXDATE:20261130T100000Z',
    ];
    expect(stateOf(at('2026-11-23T10:30:00Z'), weekly)).not.toBeNull();
    expect(stateOf(at('2026-11-30T10:30:00Z'), weekly)).toBeNull();
  });

  it('is away "Out of office" for X-MICROSOFT-CDO-BUSYSTATUS:OOF or an "Out of office" category, all-day too', () => {
    const now = at('2026-12-01T12:00:00Z');
    expect(
      stateOf(now, ['DTSTART:20261201T080000Z', 'DTEND:20261201T170000Z', 'X-MICROSOFT-CDO-BUSYSTATUS:OOF']),
    ).toEqual({ status: 'away', activity: 'Out of office', end: at('2026-12-01T17:00:00Z') });
    expect(
      stateOf(now, ['DTSTART:20261201T080000Z', 'DTEND:20261201T170000Z', 'CATEGORIES:Travel,Out of office']),
    ).toMatchObject({ status: 'away' });
    expect(
      stateOf(now, [
        'DTSTART;VALUE=DATE:20261201',
        'DTEND;VALUE=DATE:20261203',
        'X-MICROSOFT-CDO-BUSYSTATUS:OOF',
      ]),
    ).toMatchObject({ status: 'away' });
  });

  it('ignores free, transparent, cancelled, declined and all-day events that are not out of office', () => {
    const now = at('2026-12-01T10:30:00Z');
    const slot = ['DTSTART:20261201T100000Z', 'DTEND:20261201T110000Z'];
    expect(stateOf(now, [...slot, 'TRANSP:TRANSPARENT'])).toBeNull();
    expect(stateOf(now, [...slot, 'X-MICROSOFT-CDO-BUSYSTATUS:FREE'])).toBeNull();
    expect(stateOf(now, [...slot, 'STATUS:CANCELLED'])).toBeNull();
    expect(stateOf(now, [...slot, 'ATTENDEE;PARTSTAT=DECLINED:mailto:alice@acme.test'])).toBeNull();
    expect(stateOf(now, [...slot, 'ATTENDEE;PARTSTAT=ACCEPTED:mailto:alice@acme.test'])).not.toBeNull();
    expect(
      stateOf(now, ['DTSTART;VALUE=DATE:20261201', 'DTEND;VALUE=DATE:20261202', 'SUMMARY:Birthday']),
    ).toBeNull();
  });

  it('prefers a meeting over out of office, and of two meetings the one that ends last', () => {
    const now = at('2026-12-01T10:30:00Z');
    const oof = ['DTSTART:20261201T080000Z', 'DTEND:20261201T170000Z', 'X-MICROSOFT-CDO-BUSYSTATUS:OOF'];
    const short = ['DTSTART:20261201T100000Z', 'DTEND:20261201T104500Z'];
    const long = ['DTSTART:20261201T101500Z', 'DTEND:20261201T113000Z'];
    expect(stateOf(now, oof, short)).toMatchObject({ status: 'busy', end: at('2026-12-01T10:45:00Z') });
    expect(stateOf(now, short, long)).toMatchObject({ status: 'busy', end: at('2026-12-01T11:30:00Z') });
  });

  it('knows the next start or end, to wake up then', () => {
    const now = at('2026-12-01T09:00:00Z');
    const events = calendar(['DTSTART:20261201T100000Z', 'DTEND:20261201T110000Z']);
    const occurrences = occurrencesAround(events, now, options);
    expect(nextChangeAfter(occurrences, now)).toBe(at('2026-12-01T10:00:00Z'));
    expect(nextChangeAfter(occurrences, at('2026-12-01T10:00:00Z'))).toBe(at('2026-12-01T11:00:00Z'));
    expect(nextChangeAfter(occurrences, at('2026-12-01T11:00:00Z'))).toBeNull();
  });
});
