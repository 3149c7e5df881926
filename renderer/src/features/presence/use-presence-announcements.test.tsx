import '../../test/setup';
import type { Conversation, Presence } from '@beacon/protocol';
import { act, render } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LiveAnnouncerProvider } from '../../components/LiveAnnouncer';
import { type AppStore, createAppStore } from '../../store';
import { StoreProvider } from '../../store/react';
import { ALICE, BOB, CAROL, presenceOf } from '../../test/fake-server';
import {
  PRESENCE_ANNOUNCEMENT_WINDOW_MS,
  presenceAnnouncement,
  usePresenceAnnouncements,
} from './use-presence-announcements';

const DAVE = { id: 'u-dave', email: 'dave@acme.test', name: 'Dave Diaz' };

function conversation(id: string, memberIds: string[]): Conversation {
  return {
    id,
    kind: memberIds.length > 2 ? 'group' : 'direct',
    title: id,
    memberIds,
    lastSeq: 0,
    readSeq: 0,
    unread: 0,
  };
}

function busy(userId: string, updatedAt: number, activity?: string): Presence {
  return { ...presenceOf(userId, 'busy', updatedAt), activity: activity ?? null };
}

function Announcements() {
  usePresenceAnnouncements();
  return null;
}

function liveRegion(): HTMLElement {
  const region = document.querySelector<HTMLElement>('.live-announcer');
  if (!region) throw new Error('no live region');
  return region;
}

function setup(): AppStore {
  const store = createAppStore();
  const state = store.getState();
  state.startSession('https://beacon.test', ALICE);
  state.rememberUsers([BOB, CAROL, DAVE]);
  state.setConversations([
    conversation('c-bob', [ALICE.id, BOB.id]),
    conversation('c-team', [ALICE.id, BOB.id, CAROL.id]),
  ]);
  state.applyPresences([presenceOf(ALICE.id), presenceOf(BOB.id), presenceOf(CAROL.id)]);
  state.openConversation('c-bob');
  render(
    <StoreProvider store={store}>
      <LiveAnnouncerProvider>
        <Announcements />
      </LiveAnnouncerProvider>
    </StoreProvider>,
  );
  return store;
}

function advance(ms = PRESENCE_ANNOUNCEMENT_WINDOW_MS): void {
  act(() => {
    vi.advanceTimersByTime(ms);
  });
}

function apply(store: AppStore, ...updates: Presence[]): void {
  act(() => store.getState().applyPresences(updates));
}

describe('presence announcements for the open conversation', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is one polite, visually hidden live region', () => {
    setup();
    const region = liveRegion();
    expect(region).toHaveAttribute('aria-live', 'polite');
    expect(region).toHaveClass('visually-hidden');
    expect(region).toBeEmptyDOMElement();
  });

  it('announces "Bob Baker is now Busy — On a call" when Bob changes status, after a short window', () => {
    const store = setup();
    apply(store, busy(BOB.id, 2, 'On a call'));
    expect(liveRegion()).toBeEmptyDOMElement();
    advance();
    expect(liveRegion()).toHaveTextContent('Bob Baker is now Busy — On a call');
  });

  it('announces nothing on the initial load or when a conversation is opened', () => {
    const store = setup();
    act(() => store.getState().openConversation('c-team'));
    // Dave's first presence is his baseline, whenever it arrives.
    act(() =>
      store.getState().upsertConversation(conversation('c-team', [ALICE.id, BOB.id, CAROL.id, DAVE.id])),
    );
    apply(store, presenceOf(DAVE.id, 'away', 2));
    advance();
    expect(liveRegion()).toBeEmptyDOMElement();
    apply(store, presenceOf(DAVE.id, 'available', 3));
    advance();
    expect(liveRegion()).toHaveTextContent('Dave Diaz is now Available');
  });

  it('never announces my own changes or people outside the open conversation', () => {
    const store = setup();
    apply(store, busy(ALICE.id, 2, 'In a meeting'), presenceOf(CAROL.id, 'away', 2));
    advance();
    expect(liveRegion()).toBeEmptyDOMElement();
  });

  it('turns a burst of changes into one announcement of where each person ended up', () => {
    const store = setup();
    act(() => store.getState().openConversation('c-team'));
    apply(store, presenceOf(BOB.id, 'away', 2));
    advance(200);
    apply(store, busy(BOB.id, 3, 'On a call'));
    advance(200);
    apply(store, presenceOf(CAROL.id, 'dnd', 3));
    const region = liveRegion();
    const announced = vi.fn();
    new MutationObserver(announced).observe(region, { childList: true, subtree: true, characterData: true });
    advance();
    expect(region).toHaveTextContent('Bob Baker is now Busy — On a call. Carol Chen is now Do not disturb');
    // MutationObserver callbacks are microtasks; one flush of the window is one change of the region.
    return Promise.resolve().then(() => expect(announced).toHaveBeenCalledTimes(1));
  });

  it('says nothing about a change undone within the window, or a change that is no status change', () => {
    const store = setup();
    apply(store, presenceOf(BOB.id, 'away', 2));
    apply(store, presenceOf(BOB.id, 'available', 3));
    apply(store, { ...presenceOf(BOB.id, 'available', 4), message: 'Back at 3' });
    advance();
    expect(liveRegion()).toBeEmptyDOMElement();
  });

  it('forgets pending changes when another conversation is opened', () => {
    const store = setup();
    apply(store, presenceOf(BOB.id, 'away', 2));
    act(() => store.getState().openConversation(null));
    advance();
    expect(liveRegion()).toBeEmptyDOMElement();
  });
});

describe('presenceAnnouncement', () => {
  it('names a few people and counts the rest', () => {
    const changes = ['Ann', 'Ben', 'Cy', 'Di', 'Ed'].map((name) => ({ name, phrase: 'Away' }));
    expect(presenceAnnouncement(changes)).toBe(
      'Ann is now Away. Ben is now Away. Cy is now Away. 2 more people changed status',
    );
    expect(presenceAnnouncement(changes.slice(0, 4))).toBe(
      'Ann is now Away. Ben is now Away. Cy is now Away. 1 more person changed status',
    );
  });
});
