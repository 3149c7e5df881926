import { LIMITS } from '@beacon/protocol';
import { useAppStore } from '../../store/react';

const COUNTER_FROM = LIMITS.bodyMaxChars - 1_000;
const numberFormat = new Intl.NumberFormat();

/** Under the composer: the keys, the offline note, or the length when it gets long. */
export function ComposerHint({ length, tooLong }: { length: number; tooLong: boolean }) {
  const online = useAppStore((state) => state.connection.status === 'online');
  return (
    <div id="composer-hint" className="composer__hint">
      {tooLong ? (
        <span className="error-text">
          Too long to send: {numberFormat.format(length)} / {numberFormat.format(LIMITS.bodyMaxChars)}{' '}
          characters.
        </span>
      ) : !online ? (
        <span>Offline: messages you send now go out when the connection is back.</span>
      ) : length >= COUNTER_FROM ? (
        <span>
          {numberFormat.format(length)} / {numberFormat.format(LIMITS.bodyMaxChars)} characters
        </span>
      ) : (
        <span className="composer__keys">
          <kbd>Enter</kbd> to send · <kbd>Shift</kbd>+<kbd>Enter</kbd> for a new line · <kbd>@</kbd> to
          mention
        </span>
      )}
    </div>
  );
}
