import type { PresenceStatus } from '@beacon/protocol';
import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useClient } from '../../app/context';
import { PresenceDot } from '../../components/PresenceDot';
import { useTranslation } from '../../i18n';
import {
  durationLabel,
  isStatusDuration,
  STATUS_DURATIONS,
  type StatusDurationId,
  untilForDuration,
} from '../../lib/durations';
import { SELECTABLE_STATUSES, statusOptionLabel } from '../../lib/presence';
import { formatUntil } from '../../lib/presence-text';
import { describeError } from '../../socket';
import { selectChosen } from '../../store/own-presence-selectors';
import { useAppStore } from '../../store/react';
import { CustomUntil } from './CustomUntil';
import { useServerNow } from './use-presence-view';

function isStatus(value: string): value is PresenceStatus {
  return (SELECTABLE_STATUSES as readonly string[]).includes(value);
}

/**
 * The "Status" control: Available, Busy, Do not disturb, Away, Appear offline; on a v2 server also
 * for how long. Shows what the user chose (the server's `chosen`), not the automatic away.
 */
export function StatusSelect() {
  const { t } = useTranslation();
  const client = useClient();
  const chosen = useAppStore(useShallow(selectChosen));
  const supportsUntil = useAppStore((state) => state.serverProtocol >= 2);
  const queued = useAppStore((state) => state.queuedChoice !== null);
  const online = useAppStore((state) => state.connection.status === 'online');
  const now = useServerNow(chosen.until !== null);
  const [pending, setPending] = useState<PresenceStatus | null>(null);
  const [duration, setDuration] = useState<StatusDurationId>('none');
  const [error, setError] = useState<string | null>(null);
  const status = pending ?? chosen.status;

  // An error from an outage is no longer true once the connection is back.
  useEffect(() => {
    if (online) setError(null);
  }, [online]);

  const send = (value: PresenceStatus, until: number | null) => {
    setPending(value);
    setError(null);
    client
      .setPresence(until === null ? { status: value } : { status: value, until })
      .catch((failure: unknown) => setError(describeError(failure)))
      .finally(() => setPending(null));
  };

  const chooseStatus = (value: string) => {
    if (!isStatus(value)) return;
    // A new status starts open-ended; its duration is chosen next ("Busy", then "For 1 hour").
    setDuration('none');
    send(value, null);
  };

  const chooseDuration = (value: string) => {
    if (!isStatusDuration(value)) return;
    setDuration(value);
    if (value !== 'custom') send(status, untilForDuration(value, now));
  };

  const showDuration = supportsUntil && status !== 'available';
  return (
    <div className="status-select">
      <div className="status-select__row">
        <span className="status-select__status">
          <span className="status-select__dot">
            <PresenceDot status={status} size={10} />
          </span>
          <select
            className="status-select__control"
            aria-label={t('presence.statusSelect.status')}
            value={status}
            onChange={(event) => chooseStatus(event.target.value)}
            aria-describedby={error ? 'status-select-error' : undefined}
          >
            {SELECTABLE_STATUSES.map((option) => (
              <option key={option} value={option}>
                {statusOptionLabel(option)}
              </option>
            ))}
          </select>
        </span>
        {showDuration && (
          <select
            className="status-select__control status-select__duration"
            aria-label={t('presence.statusSelect.duration')}
            value={duration}
            onChange={(event) => chooseDuration(event.target.value)}
          >
            {STATUS_DURATIONS.map((option) => (
              <option key={option.id} value={option.id}>
                {durationLabel(option.id)}
              </option>
            ))}
          </select>
        )}
      </div>
      {showDuration && duration === 'custom' && (
        <CustomUntil serverNow={now} onChoose={(until) => send(status, until)} />
      )}
      {chosen.until !== null && chosen.until > now && !queued && (
        <span className="status-select__until">
          {t('presence.statusSelect.until', { until: formatUntil(chosen.until, now) })}
        </span>
      )}
      {queued && (
        <span className="status-select__queued" role="status">
          {t('presence.statusSelect.queued')}
        </span>
      )}
      {error && (
        <span id="status-select-error" className="error-text status-select__error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
