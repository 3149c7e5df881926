import { useState } from 'react';
import { useClient } from '../../app/context';
import { useToast } from '../../app/toasts';
import { Icon } from '../../components/Icon';
import { useTranslation } from '../../i18n';
import { describeError } from '../../socket';
import { useAppStore, usePresence } from '../../store/react';

/**
 * "Tell me when available" for someone who is not available (v2 servers only): one alert, then the
 * watch ends. While watching, the same button cancels it.
 */
export function WatchButton({ userId, name }: { userId: string; name: string }) {
  const { t } = useTranslation();
  const client = useClient();
  const toast = useToast();
  const supported = useAppStore((state) => state.serverProtocol >= 2);
  const watching = useAppStore((state) => Boolean(state.watching[userId]));
  const online = useAppStore((state) => state.connection.status === 'online');
  const status = usePresence(userId)?.status;
  const [busy, setBusy] = useState(false);
  if (!supported || (!watching && (status === 'available' || status === undefined))) return null;

  const toggle = () => {
    setBusy(true);
    (watching ? client.unwatchPresence(userId) : client.watchPresence(userId))
      .then(() => {
        if (!watching) toast(t('presence.watch.willTell', { name }));
      })
      .catch((error: unknown) => toast(t('presence.watch.failed', { error: describeError(error) })))
      .finally(() => setBusy(false));
  };
  return (
    <button
      type="button"
      className="button button--small button--ghost conversation-header__action"
      onClick={toggle}
      disabled={busy || !online}
      aria-pressed={watching}
      title={watching ? t('presence.watch.stopTitle', { name }) : t('presence.watch.startTitle', { name })}
    >
      <Icon name="bell" size={16} />
      {watching ? t('presence.watch.cancel') : t('presence.watch.start')}
    </button>
  );
}
