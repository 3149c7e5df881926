import type { Conversation, Presence, User } from '@beacon/protocol';
import { LIMITS } from '@beacon/protocol';
import { i18n } from '../i18n';
import { AVAILABILITY_GROUPS, availabilityRank } from '../lib/presence';
import type { AppState } from './types';

/** Caches a derived value on the identity of its inputs (like reselect, for one call site per store). */
function memoize<Args extends readonly unknown[], Result>(compute: (...args: Args) => Result) {
  let lastArgs: Args | null = null;
  let lastResult: Result;
  return (...args: Args): Result => {
    if (
      lastArgs &&
      lastArgs.length === args.length &&
      lastArgs.every((value, i) => Object.is(value, args[i]))
    ) {
      return lastResult;
    }
    lastArgs = args;
    lastResult = compute(...args);
    return lastResult;
  };
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** A name folded for sorting: accents dropped, case ignored. */
function sortKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
}

/** The name to show for a person; one not (yet) known reads "Unknown person" in the UI language. */
export function displayName(user: User | undefined, fallback?: string): string {
  return user?.name || user?.email || fallback || i18n.t('messages.unknownPerson');
}

/**
 * Contact ids by availability group (available; busy/dnd; away; offline), then by name. Sorting by name happens only when the contact
 * set or names change; a presence batch costs one O(n) partition and keeps the previous array when
 * the order did not change, so the virtualised list does not re-render.
 */
export function createSortedContactIdsSelector() {
  const byName = memoize((contactIds: string[], users: Record<string, User>) => {
    // Folded keys compared as plain strings: several times faster than a collator on 5,000 names.
    const keyed = contactIds.map((id) => ({ id, key: sortKey(displayName(users[id])) }));
    keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return keyed.map((entry) => entry.id);
  });
  let previous: string[] = [];
  // Keyed on availabilityVersion: only a change of availability group can reorder the list.
  const partition = memoize(
    (sorted: string[], presences: ReadonlyMap<string, Presence>, _version: number) => {
      const groups: string[][] = Array.from({ length: AVAILABILITY_GROUPS }, () => []);
      for (const id of sorted) groups[availabilityRank(presences.get(id)?.status)]?.push(id);
      const next = groups.flat();
      if (sameIds(next, previous)) return previous;
      previous = next;
      return next;
    },
  );
  return (state: AppState): string[] =>
    partition(byName(state.contactIds, state.users), state.presences, state.availabilityVersion);
}

export function conversationActivity(conversation: Conversation): number {
  return conversation.lastMessage?.sentAt ?? conversation.createdAt ?? 0;
}

/** Conversation ids, most recent activity first. */
export function createConversationOrderSelector() {
  let previous: string[] = [];
  return memoize((conversations: Record<string, Conversation>) => {
    const next = Object.values(conversations)
      .sort((a, b) => conversationActivity(b) - conversationActivity(a) || collator.compare(a.title, b.title))
      .map((conversation) => conversation.id);
    if (sameIds(next, previous)) return previous;
    previous = next;
    return next;
  });
}

/** The other member of a direct conversation, or null for groups. */
export function directPartnerId(
  conversation: Conversation | undefined,
  meId: string | undefined,
): string | null {
  if (conversation?.kind !== 'direct') return null;
  return conversation.memberIds.find((id) => id !== meId) ?? conversation.memberIds[0] ?? null;
}

export function selectUnreadSummary(state: AppState): {
  total: number;
  conversations: number;
  mentions: number;
} {
  let total = 0;
  let conversations = 0;
  let mentions = 0;
  for (const conversation of Object.values(state.conversations)) {
    if (conversation.unread > 0) {
      total += conversation.unread;
      conversations += 1;
      // Mentions are a part of the unread messages (the host checks mentions ≤ total).
      mentions += Math.min(conversation.unread, state.mentionSeqs[conversation.id]?.length ?? 0);
    }
  }
  return { total, conversations, mentions };
}

/**
 * The people whose presence the client shows, in priority order (the contract caps a subscription at
 * 1000): members of the open conversation, search results, visible contact rows, direct-chat partners,
 * group members, then the remaining contacts. The signed-in user is not included.
 */
export function computePresenceTargets(state: AppState): string[] {
  const meId = state.me?.id;
  const targets = new Set<string>();
  const add = (id: string | null | undefined) => {
    if (id && id !== meId && targets.size < LIMITS.subscribeMaxUserIds) targets.add(id);
  };
  const active = state.activeConversationId ? state.conversations[state.activeConversationId] : undefined;
  for (const id of active?.memberIds ?? []) add(id);
  for (const search of Object.values(state.searches)) for (const id of search.resultIds) add(id);
  for (const id of state.visibleContactIds) add(id);
  const conversations = Object.values(state.conversations);
  for (const conversation of conversations) add(directPartnerId(conversation, meId));
  for (const conversation of conversations) {
    if (conversation.kind === 'group') for (const id of conversation.memberIds) add(id);
  }
  for (const id of state.contactIds) add(id);
  return [...targets];
}
