import type { Message, User } from '@beacon/protocol';
import { useMemo, useState } from 'react';
import { useBridge, useClient } from '../../app/context';
import { useToast } from '../../app/toasts';
import { useTranslation } from '../../i18n';
import { describeError } from '../../socket';
import { useStoreApi } from '../../store/react';
import type { MessageContextValue } from './message-context';
import { messageLink } from './transcript-rows';

export interface MessageActionsInput {
  conversationId: string;
  meId: string;
  members: readonly User[];
  nameOf(userId: string): string;
  readOnly: boolean;
}

/** The transcript's message actions (reply, react, edit, delete, copy link, mark unread), as context. */
export function useMessageActions(input: MessageActionsInput) {
  const client = useClient();
  const bridge = useBridge();
  const toast = useToast();
  const store = useStoreApi();
  const { t } = useTranslation();
  const [deleting, setDeleting] = useState<Message | null>(null);
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const { conversationId, meId, members, nameOf, readOnly } = input;

  const value = useMemo<MessageContextValue>(
    () => ({
      meId,
      members,
      nameOf,
      readOnly,
      focusedId,
      setFocusedId,
      onOpenLink: (href) => {
        bridge.openExternal(href).catch(() => toast(t('messages.openLinkFailed')));
      },
      reply: (message) => {
        store.getState().setReplyingTo(conversationId, message.id);
        document.querySelector<HTMLTextAreaElement>('.composer__input')?.focus();
      },
      toggleReaction: (message, emoji) => {
        const mine = message.reactions[emoji]?.includes(meId) ?? false;
        (mine ? client.removeReaction(message.id, emoji) : client.addReaction(message.id, emoji)).catch(
          (error: unknown) => toast(t('messages.reactFailed', { reason: describeError(error) })),
        );
      },
      edit: async (message, body) => {
        try {
          await client.editMessage(message.id, body);
        } catch (error) {
          throw new Error(t('messages.notSaved', { reason: describeError(error) }));
        }
      },
      requestDelete: setDeleting,
      copyLink: (message) => {
        const link = messageLink(client.http.serverUrl, message);
        const clipboard = typeof navigator !== 'undefined' ? navigator.clipboard : undefined;
        (clipboard ? clipboard.writeText(link) : Promise.reject(new Error('no clipboard')))
          .then(() => toast(t('messages.linkCopied')))
          .catch(() => toast(t('messages.copyLinkFailed', { link })));
      },
      markUnread: (message) => {
        client
          .markUnread(conversationId, message.seq)
          .catch((error: unknown) => toast(t('messages.markUnreadFailed', { reason: describeError(error) })));
      },
      jumpToMessage: (messageId, seq) => {
        void client.jumpToMessageId(conversationId, messageId, seq).then((found) => {
          if (!found) toast(t('messages.originalGone'));
        });
      },
    }),
    [client, bridge, toast, store, t, conversationId, meId, members, nameOf, readOnly, focusedId],
  );

  const confirmDelete = async () => {
    if (!deleting) return;
    try {
      await client.deleteMessage(deleting.id);
      setDeleting(null);
    } catch (error) {
      toast(t('messages.deleteFailed', { reason: describeError(error) }));
    }
  };

  return { value, deleting, cancelDelete: () => setDeleting(null), confirmDelete };
}
