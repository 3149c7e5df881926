import { useCallback } from 'react';
import { useClient } from '../../app/context';
import { useToast } from '../../app/toasts';
import { useTranslation } from '../../i18n';
import { describeError } from '../../socket';
import { useStoreApi } from '../../store/react';

/** Opens the direct conversation with a person: at once if it is known, otherwise through the server. */
export function useOpenDirect(): (userId: string) => Promise<void> {
  const client = useClient();
  const store = useStoreApi();
  const toast = useToast();
  const { t } = useTranslation();
  return useCallback(
    async (userId: string) => {
      const { conversations } = store.getState();
      const known = Object.values(conversations).find(
        (conversation) => conversation.kind === 'direct' && conversation.memberIds.includes(userId),
      );
      if (known) {
        client.showConversation(known.id);
        return;
      }
      try {
        await client.openDirect(userId);
      } catch (error) {
        toast(t('conversations.openFailed', { reason: describeError(error) }));
      }
    },
    [client, store, toast, t],
  );
}
