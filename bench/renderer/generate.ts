import type { PresenceSetPayload, PresenceStatus } from '@beacon/protocol';

/** Deterministic PRNG (mulberry32): the same seed yields the same organisation and history every run. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export type Random = () => number;

export function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

const FIRST_NAMES = [
  'Aaliyah',
  'Adam',
  'Aiko',
  'Alba',
  'Alejandro',
  'Amara',
  'Anders',
  'Anika',
  'Arjun',
  'Astrid',
  'Ben',
  'Bianca',
  'Bruno',
  'Camille',
  'Carlos',
  'Chen',
  'Chloé',
  'Dario',
  'Divya',
  'Elena',
  'Emeka',
  'Emil',
  'Fatima',
  'Felix',
  'Freya',
  'Gabriel',
  'Grace',
  'Hana',
  'Hugo',
  'Ines',
  'Isaac',
  'Jana',
  'Javier',
  'Jonas',
  'Julia',
  'Kai',
  'Kenji',
  'Lara',
  'Leon',
  'Lina',
  'Lucas',
  'Maya',
  'Mateo',
  'Mei',
  'Mohammed',
  'Nadia',
  'Niklas',
  'Nora',
  'Olga',
  'Omar',
  'Pablo',
  'Priya',
  'Rafael',
  'Rosa',
  'Sami',
  'Sara',
  'Sofia',
  'Tariq',
  'Thea',
  'Tomás',
  'Uma',
  'Viktor',
  'Wei',
  'Yara',
  'Yusuf',
  'Zoe',
  'Zuzana',
  'Ana',
  'Björn',
  'Clara',
  'Dmitri',
  'Eva',
  'Farid',
  'Greta',
  'Hiro',
] as const;

const LAST_NAMES = [
  'Abe',
  'Adeyemi',
  'Almeida',
  'Andersson',
  'Bauer',
  'Becker',
  'Bianchi',
  'Brown',
  'Castro',
  'Chowdhury',
  'Costa',
  'Dubois',
  'Eriksen',
  'Fernández',
  'Fischer',
  'García',
  'Gomez',
  'Haddad',
  'Hansen',
  'Ito',
  'Jansen',
  'Jovanović',
  'Kim',
  'Kowalski',
  'Kumar',
  'Larsen',
  'Lefebvre',
  'Li',
  'López',
  'Martin',
  'Meyer',
  'Moreau',
  'Müller',
  'Nakamura',
  'Nguyen',
  'Novak',
  "O'Brien",
  'Okafor',
  'Olsen',
  'Park',
  'Patel',
  'Pereira',
  'Petrov',
  'Popescu',
  'Quinn',
  'Rahman',
  'Ramos',
  'Rossi',
  'Sato',
  'Schmidt',
  'Silva',
  'Singh',
  'Smith',
  'Suzuki',
  'Svensson',
  'Tanaka',
  'Taylor',
  'Thomas',
  'Torres',
  'Tran',
  'Varga',
  'Vogel',
  'Wagner',
  'Walker',
  'Wang',
  'Weber',
  'Wilson',
  'Wójcik',
  'Yamamoto',
  'Zhang',
] as const;

/** Distinct display names: every first name with every last name, then numbered repeats. */
export function personName(index: number): string {
  const first = FIRST_NAMES[index % FIRST_NAMES.length];
  const last = LAST_NAMES[Math.floor(index / FIRST_NAMES.length) % LAST_NAMES.length];
  const round = Math.floor(index / (FIRST_NAMES.length * LAST_NAMES.length));
  return round === 0 ? `${first} ${last}` : `${first} ${last} ${round + 1}`;
}

export function personEmail(index: number, domain: string): string {
  return `person${index}@${domain}`;
}

const PHRASES = [
  'Morning! Did you see the update on the quarterly plan?',
  'Yes, looks good to me.',
  'Can we move the sync to 3pm?',
  'Sure, 3pm works.',
  'I pushed the fix, can you have a look when you get a chance?',
  'On it.',
  'Thanks!',
  'Lunch?',
  'Running five minutes late, start without me.',
  'The build is green again.',
  'Here is the document: https://intranet.example/docs/roadmap-2025',
  'Let me check with the team and come back to you.',
  'Customer called again about the invoice, they want a call tomorrow.',
  'Agreed 👍',
  'I think we should split this into two tickets, one for the API and one for the UI.',
  'Could you review the slides before the meeting? https://intranet.example/slides/all-hands',
  'Done.',
  'Not today, I am out of office this afternoon.',
  'Ok, noted.',
  'See you tomorrow!',
] as const;

const PARAGRAPHS = [
  'Quick summary of the call: they are happy with the pilot, but want the export to include the audit ' +
    'trail, and they need single sign-on before the roll-out to the other sites. I told them we would ' +
    'come back with a plan by Friday.',
  'A few notes on the release:\n- the migration ran fine on staging\n- two flaky tests, tickets filed\n' +
    '- we still need the sign-off from security',
  'I went through the numbers again and the difference comes from the currency conversion in March, not ' +
    'from the new pricing. The spreadsheet is updated; the totals now match the finance report.',
] as const;

export interface GeneratedMessage {
  /** 0 = the benchmark user, 1 = the partner. */
  sender: 0 | 1;
  body: string;
  sentAt: number;
}

/** The marker every generated message ends with, so the benchmark can read which seq is on screen. */
export function seqMarker(seq: number): string {
  return `#${seq}`;
}

/**
 * A realistic two-person history of `count` messages ending shortly before `endAt`: runs of
 * consecutive messages by one sender, seconds to minutes apart, with pauses of hours (so day
 * separators and header grouping occur), short and long bodies, links and multi-line notes.
 * Every body ends with its seq marker.
 */
export function generateHistory(count: number, endAt: number, random: Random): GeneratedMessage[] {
  const gaps: number[] = [];
  let sender: 0 | 1 = 0;
  const senders: Array<0 | 1> = [];
  for (let i = 0; i < count; i += 1) {
    const roll = random();
    gaps.push(
      roll < 0.015
        ? 3_600_000 * (2 + random() * 14)
        : roll < 0.2
          ? 60_000 * random() * 20
          : 4_000 + random() * 90_000,
    );
    if (random() < 0.45) sender = sender === 0 ? 1 : 0;
    senders.push(sender);
  }
  let sentAt = endAt - 60_000;
  const times = new Array<number>(count);
  for (let i = count - 1; i >= 0; i -= 1) {
    times[i] = Math.round(sentAt);
    sentAt -= gaps[i] ?? 0;
  }
  return times.map((time, i) => {
    const roll = random();
    const text = roll < 0.04 ? pick(random, PARAGRAPHS) : pick(random, PHRASES);
    return { sender: senders[i] ?? 0, body: `${text} ${seqMarker(i + 1)}`, sentAt: time };
  });
}

const STATUSES: readonly PresenceStatus[] = ['available', 'available', 'away', 'busy', 'dnd', 'offline'];
const STATUS_NOTES = [
  null,
  null,
  'In a meeting',
  'Working from home',
  'Lunch',
  'Focus time, ping me if urgent',
  'On the phone with a customer',
  'Travelling, slow to answer',
  'Back at 14:00',
] as const;

/** A presence change as a person's client would send it: status, note, and sometimes an idle time. */
export function randomPresence(random: Random, now: number): PresenceSetPayload {
  const status = pick(random, STATUSES);
  const idle = status !== 'offline' && random() < 0.3;
  return {
    status,
    message: pick(random, STATUS_NOTES),
    idleSince: idle ? now - Math.floor(random() * 90 * 60_000) : null,
  };
}
