import ical, { type CalendarResponse, type EventInstance, type VEvent } from 'node-ical';

/** What the calendar says about a user right now; null when nothing current counts. */
export interface CalendarState {
  status: 'busy' | 'away';
  activity: string;
  /** When the event that decided it ends (ms since the epoch). */
  end: number;
}

export interface CurrentEventOptions {
  /** Show the summary of events marked `CLASS:PUBLIC` instead of "In a meeting". */
  publicSummaries: boolean;
  /** The user's address, to skip meetings the user declined (`ATTENDEE;PARTSTAT=DECLINED`). */
  email: string;
}

export const MEETING_ACTIVITY = 'In a meeting';
export const OUT_OF_OFFICE_ACTIVITY = 'Out of office';
/** The server's limit for an activity text. */
const ACTIVITY_MAX_CHARS = 280;
/** How far ahead the bridge looks for the next start, to wake up at it (ms). */
export const LOOKAHEAD_MS = 24 * 60 * 60 * 1000;

/** One occurrence that counts for presence, recurring ones expanded by node-ical. */
export interface Occurrence {
  start: number;
  end: number;
  kind: 'meeting' | 'out-of-office';
  summary: string;
  isPublic: boolean;
}

/**
 * The occurrences that overlap [now, now + lookahead): node-ical expands RRULEs (with EXDATE
 * and RECURRENCE-ID overrides) in the event's own time zone, so a weekly 09:00 in
 * Europe/Berlin stays 09:00 there across daylight-saving changes.
 */
export function occurrencesAround(
  calendar: CalendarResponse,
  now: number,
  options: Pick<CurrentEventOptions, 'email'>,
  lookaheadMs = LOOKAHEAD_MS,
): Occurrence[] {
  const from = new Date(now);
  const to = new Date(now + lookaheadMs);
  const occurrences: Occurrence[] = [];
  for (const component of Object.values(calendar)) {
    if (component?.type !== 'VEVENT') continue;
    const event = component as VEvent;
    // A RECURRENCE-ID override is also listed on its own; its base event expands it.
    if (event.recurrenceid && !event.rrule) continue;
    let instances: EventInstance[];
    try {
      instances = ical.expandRecurringEvent(event, { from, to, expandOngoing: true });
    } catch {
      // One broken event (an RRULE node-ical cannot expand) must not hide the others.
      continue;
    }
    for (const instance of instances) {
      const kind = kindOf(instance.event, instance.isFullDay, options.email);
      const start = instance.start.getTime();
      const end = instance.end.getTime();
      if (kind === null || end <= now || end <= start) continue;
      occurrences.push({
        start,
        end,
        kind,
        summary: textOf(instance.summary),
        isPublic: instance.event.class === 'PUBLIC',
      });
    }
  }
  return occurrences.sort((a, b) => a.start - b.start);
}

/**
 * The state at `now`: out of office (`away`) or a meeting (`busy`). When several are current,
 * the meeting wins — Beacon's precedence puts busy above away — and among equals the one that
 * ends last, so back-to-back overlaps do not flicker.
 */
export function stateAt(occurrences: readonly Occurrence[], now: number, options: CurrentEventOptions) {
  let chosen: Occurrence | null = null;
  for (const occurrence of occurrences) {
    if (occurrence.start > now || occurrence.end <= now) continue;
    if (
      !chosen ||
      rank(occurrence) > rank(chosen) ||
      (rank(occurrence) === rank(chosen) && occurrence.end > chosen.end)
    ) {
      chosen = occurrence;
    }
  }
  if (!chosen) return null;
  const state: CalendarState =
    chosen.kind === 'out-of-office'
      ? { status: 'away', activity: OUT_OF_OFFICE_ACTIVITY, end: chosen.end }
      : { status: 'busy', activity: meetingActivity(chosen, options), end: chosen.end };
  return state;
}

/** The next moment after `now` when the state may change: an occurrence starts or ends. */
export function nextChangeAfter(occurrences: readonly Occurrence[], now: number): number | null {
  let next: number | null = null;
  for (const { start, end } of occurrences) {
    for (const moment of [start, end]) if (moment > now && (next === null || moment < next)) next = moment;
  }
  return next;
}

function rank(occurrence: Occurrence): number {
  return occurrence.kind === 'meeting' ? 2 : 1;
}

function meetingActivity(occurrence: Occurrence, options: CurrentEventOptions): string {
  if (!options.publicSummaries || !occurrence.isPublic) return MEETING_ACTIVITY;
  const summary = occurrence.summary.trim();
  return summary === '' ? MEETING_ACTIVITY : summary.slice(0, ACTIVITY_MAX_CHARS);
}

/**
 * Whether an event counts, and as what (docs/integrations.md, "Calendar bridge"):
 * out of office when Outlook/Exchange says `X-MICROSOFT-CDO-BUSYSTATUS:OOF` or a category is
 * "Out of office"/"OOO"; ignored when cancelled, free (`TRANSP:TRANSPARENT`, busy status
 * `FREE`), declined by the user, or an all-day event that is not out of office (birthdays,
 * holidays and reminders are all-day and opaque more often than they are meetings).
 */
export function kindOf(event: VEvent, isFullDay: boolean, email: string): Occurrence['kind'] | null {
  if (event.status === 'CANCELLED') return null;
  const busyStatus = textOf(event['MICROSOFT-CDO-BUSYSTATUS']).toUpperCase();
  const categories = (event.categories ?? []).map((category) => category.trim().toLowerCase());
  if (busyStatus === 'OOF' || categories.includes('out of office') || categories.includes('ooo')) {
    return 'out-of-office';
  }
  if (event.transparency === 'TRANSPARENT' || busyStatus === 'FREE') return null;
  if (isFullDay) return null;
  if (declinedBy(event, email)) return null;
  return 'meeting';
}

function declinedBy(event: VEvent, email: string): boolean {
  const attendees = event.attendee === undefined ? [] : [event.attendee].flat();
  const wanted = `mailto:${email}`.toLowerCase();
  return attendees.some(
    (attendee) =>
      typeof attendee === 'object' &&
      attendee.val.toLowerCase() === wanted &&
      attendee.params.PARTSTAT === 'DECLINED',
  );
}

/** node-ical gives a property with parameters as `{ val, params }`, without as the plain value. */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && 'val' in value) {
    const inner = (value as { val: unknown }).val;
    return typeof inner === 'string' ? inner : '';
  }
  return '';
}
