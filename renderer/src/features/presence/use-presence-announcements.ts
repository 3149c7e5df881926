import type { Presence } from '@beacon/protocol';
import { useEffect } from 'react';
import { useAnnounce } from '../../components/LiveAnnouncer';
import { i18n } from '../../i18n';
import { statusWord } from '../../lib/presence';
import { useStoreApi } from '../../store/react';
import { displayName } from '../../store/selectors';
import type { AppState } from '../../store/types';

/** Changes within this window after the first one are read out together, as one announcement. */
export const PRESENCE_ANNOUNCEMENT_WINDOW_MS = 1_500;
/** More people than this in one announcement are summed up as "and N more changed status". */
const MAX_NAMED = 3;

/** "Busy — On a call": what is announced, and what must change for an announcement. */
export function presencePhrase(presence: Presence): string {
  const word = statusWord(presence.status);
  return presence.activity && presence.status !== 'offline'
    ? i18n.t('presence.announce.withActivity', { word, activity: presence.activity })
    : word;
}

/** "Bob Baker is now Busy — On a call. Carol Chen is now Away", and a count beyond a few people. */
export function presenceAnnouncement(changes: readonly { name: string; phrase: string }[]): string {
  const named = changes
    .slice(0, MAX_NAMED)
    .map(({ name, phrase }) => i18n.t('presence.announce.isNow', { name, phrase }));
  const more = changes.length - named.length;
  if (more > 0) named.push(i18n.t('presence.announce.more', { count: more }));
  return named.join('. ');
}

function otherMemberIds(state: AppState): readonly string[] {
  const id = state.activeConversationId;
  const memberIds = id ? state.conversations[id]?.memberIds : undefined;
  return (memberIds ?? []).filter((memberId) => memberId !== state.me?.id);
}

function memberName(state: AppState, userId: string): string {
  const id = state.activeConversationId;
  const fromConversation = id
    ? state.conversations[id]?.members?.find((user) => user.id === userId)
    : undefined;
  return displayName(state.users[userId] ?? fromConversation);
}

/**
 * Announces politely when another member of the open conversation changes status or activity.
 * What is known when a conversation opens (or a member's presence first arrives) is the baseline
 * and is not announced; a burst of changes becomes one announcement, and a change undone within
 * the window is not announced at all.
 */
export function usePresenceAnnouncements(windowMs = PRESENCE_ANNOUNCEMENT_WINDOW_MS): void {
  const store = useStoreApi();
  const announce = useAnnounce();
  useEffect(() => {
    let conversationId: string | null = null;
    let members: readonly string[] = [];
    /** Per member: the phrase last announced (or the baseline). */
    let heard = new Map<string, string>();
    /** Members whose phrase changed since the last announcement, in the order they changed. */
    const changed = new Set<string>();
    let timer: ReturnType<typeof setTimeout> | undefined;

    const learn = (state: AppState, userId: string) => {
      const presence = state.presences.get(userId);
      if (presence && !heard.has(userId)) heard.set(userId, presencePhrase(presence));
    };
    const reset = (state: AppState) => {
      conversationId = state.activeConversationId;
      members = otherMemberIds(state);
      heard = new Map();
      changed.clear();
      clearTimeout(timer);
      timer = undefined;
      for (const userId of members) learn(state, userId);
    };
    const flush = () => {
      timer = undefined;
      const state = store.getState();
      const changes: { name: string; phrase: string }[] = [];
      for (const userId of changed) {
        const presence = state.presences.get(userId);
        if (!presence) continue;
        const phrase = presencePhrase(presence);
        if (phrase === heard.get(userId)) continue;
        heard.set(userId, phrase);
        changes.push({ name: memberName(state, userId), phrase });
      }
      changed.clear();
      if (changes.length > 0) announce(presenceAnnouncement(changes));
    };

    reset(store.getState());
    const unsubscribe = store.subscribe((state, previous) => {
      if (state.activeConversationId !== conversationId) {
        reset(state);
        return;
      }
      const conversation = conversationId ? state.conversations[conversationId] : undefined;
      if (conversation !== (conversationId ? previous.conversations[conversationId] : undefined)) {
        // Members added to a group start with a baseline of their own.
        members = otherMemberIds(state);
        for (const userId of members) learn(state, userId);
      }
      if (state.presenceVersion === previous.presenceVersion) return;
      for (const userId of members) {
        const presence = state.presences.get(userId);
        if (!presence) continue;
        if (!heard.has(userId)) {
          learn(state, userId);
          continue;
        }
        if (presencePhrase(presence) !== heard.get(userId)) changed.add(userId);
      }
      if (changed.size > 0 && timer === undefined) timer = setTimeout(flush, windowMs);
    });
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  }, [store, announce, windowMs]);
}
