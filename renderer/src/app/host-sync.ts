import type { Message, PresenceSetPayload } from '@beacon/protocol';
import { useEffect } from 'react';
import type { DesktopBridge } from '../bridge';
import { i18n } from '../i18n';
import type { BeaconClient } from '../socket';
import type { AppStore } from '../store';
import { mentionsUser } from '../store/mention-selectors';
import { displayName, selectUnreadSummary } from '../store/selectors';
import { syncDeviceActivity } from './device-activity-sync';

/**
 * Hands a message from someone else to the host, which alone decides whether to notify (focus,
 * the conversation on screen, DND, schedule: common/notifications/notification-policy.ts).
 */
export function reportIncomingMessage(bridge: DesktopBridge, store: AppStore, message: Message): void {
  const state = store.getState();
  const conversation = state.conversations[message.conversationId];
  const senderName = displayName(
    state.users[message.senderId],
    conversation?.kind === 'direct' ? conversation.title : i18n.t('notifications.someone'),
  );
  bridge.reportIncomingMessage({
    conversationId: message.conversationId,
    conversationTitle: conversation?.title ?? senderName,
    senderName,
    body: message.body,
    sentAt: message.sentAt,
    mentionsMe: mentionsUser(message, state.me?.id),
  });
}

/**
 * Keeps the host informed (own presence, unread totals, what is on screen) and carries out its
 * requests: the user's tray choice of status, this device's activity (idle, locked, OS focus),
 * opening a conversation from a notification. The client queues a choice made while disconnected
 * and re-sends the last device state after every reconnect.
 */
export function useHostSync(bridge: DesktopBridge, store: AppStore, client: BeaconClient): void {
  useEffect(() => {
    let lastPresence: unknown = null;
    let lastUnread = '';
    let lastView = '';

    const applyStatus = (request: PresenceSetPayload) => {
      client.setPresence(request).catch(() => {
        // Refused by the server (e.g. policy): the status control shows the effective status anyway.
      });
    };

    const report = () => {
      const state = store.getState();
      const meId = state.me?.id;
      const presence = meId ? state.presences.get(meId) : undefined;
      if (presence && presence !== lastPresence) {
        lastPresence = presence;
        bridge.reportPresence(presence);
      }
      const unread = selectUnreadSummary(state);
      const unreadKey = `${unread.total}/${unread.conversations}/${unread.mentions}`;
      if (unreadKey !== lastUnread) {
        lastUnread = unreadKey;
        bridge.reportUnread(unread);
      }
      const view = {
        conversationId: state.activeConversationId,
        status: presence?.status ?? 'offline',
      } as const;
      const viewKey = `${view.conversationId}/${view.status}`;
      if (viewKey !== lastView) {
        lastView = viewKey;
        bridge.reportView(view);
      }
    };

    report();
    const unsubscribeStore = store.subscribe((state, previous) => {
      if (
        state.presenceVersion !== previous.presenceVersion ||
        state.conversations !== previous.conversations ||
        state.mentionSeqs !== previous.mentionSeqs ||
        state.activeConversationId !== previous.activeConversationId ||
        state.connection !== previous.connection ||
        state.me !== previous.me
      ) {
        report();
      }
    });
    const unsubscribeStatus = bridge.onStatusRequest(applyStatus);
    const unsubscribeDevice = syncDeviceActivity(bridge, client);
    const unsubscribeOpen = bridge.onOpenConversation((conversationId) =>
      client.showConversation(conversationId),
    );
    return () => {
      unsubscribeStore();
      unsubscribeStatus();
      unsubscribeDevice();
      unsubscribeOpen();
    };
  }, [bridge, store, client]);
}
