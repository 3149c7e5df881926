import { useTranslation } from '../../i18n';
import { useAppStore } from '../../store/react';
import './connection-banner.css';

/** Says, while the connection is down, that Beacon is reconnecting and what happens to unsent messages. */
export function ConnectionBanner() {
  const { t } = useTranslation();
  const connection = useAppStore((state) => state.connection);
  const unsent = useAppStore((state) => {
    let count = 0;
    for (const items of Object.values(state.outbox))
      for (const item of items) if (item.state === 'pending') count += 1;
    return count;
  });
  const down = connection.status === 'connecting' || connection.status === 'reconnecting';
  const headline =
    connection.status === 'connecting' ? t('connection.connecting') : t('connection.reconnecting');
  return (
    <div
      className="connection-banner"
      role="status"
      aria-label={down ? headline : undefined}
      data-visible={down || undefined}
    >
      {down && (
        <>
          <span className="spinner" aria-hidden="true" />
          <strong>{headline}</strong>
          {connection.error && <span>{t(`connection.${connection.error}`)}</span>}
          {unsent > 0 && <span>{t('connection.unsent', { count: unsent })}</span>}
        </>
      )}
    </div>
  );
}
