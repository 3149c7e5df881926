import { LIMITS } from '@beacon/protocol';
import { currentLocale, Trans, useTranslation } from '../../i18n';
import { useAppStore } from '../../store/react';

const COUNTER_FROM = LIMITS.bodyMaxChars - 1_000;

/** Under the composer: the keys, the offline note, or the length when it gets long. */
export function ComposerHint({ length, tooLong }: { length: number; tooLong: boolean }) {
  const { t } = useTranslation();
  const numberFormat = new Intl.NumberFormat(currentLocale());
  const counts = { length: numberFormat.format(length), max: numberFormat.format(LIMITS.bodyMaxChars) };
  const online = useAppStore((state) => state.connection.status === 'online');
  return (
    <div id="composer-hint" className="composer__hint">
      {tooLong ? (
        <span className="error-text">{t('composer.tooLong', counts)}</span>
      ) : !online ? (
        <span>{t('composer.offline')}</span>
      ) : length >= COUNTER_FROM ? (
        <span>{t('composer.length', counts)}</span>
      ) : (
        <span className="composer__keys">
          <Trans i18nKey="composer.keys" components={{ kbd: <kbd /> }} />
        </span>
      )}
    </div>
  );
}
