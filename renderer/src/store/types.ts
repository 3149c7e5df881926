import type { StateCreator } from 'zustand/vanilla';
import type { ConnectionSlice } from './connection-slice';
import type { ContactsSlice } from './contacts-slice';
import type { ConversationsSlice } from './conversations-slice';
import type { MessagesSlice } from './messages-slice';
import type { MessagingV2Slice } from './messaging-v2-slice';
import type { OwnPresenceSlice } from './own-presence-slice';
import type { PresenceSlice } from './presence-slice';
import type { SessionSlice } from './session-slice';

export interface ResetSlice {
  /** Forgets everything of the signed-in user (sign-out, session expiry). */
  reset(): void;
}

export type AppState = SessionSlice &
  ConnectionSlice &
  PresenceSlice &
  OwnPresenceSlice &
  ContactsSlice &
  ConversationsSlice &
  MessagesSlice &
  MessagingV2Slice &
  ResetSlice;

export type SliceCreator<Slice> = StateCreator<AppState, [], [], Slice>;
