import type { PresenceStatus } from '@beacon/protocol';
import { useState } from 'react';
import { useClient } from '../../app/context';
import { PresenceDot } from '../../components/PresenceDot';
import { SELECTABLE_STATUSES, statusOptionLabel } from '../../lib/presence';
import { describeError } from '../../socket';
import { useAppStore, usePresence } from '../../store/react';

function isStatus(value: string): value is PresenceStatus {
  return (SELECTABLE_STATUSES as readonly string[]).includes(value);
}

/** The "Status" control: Available, Busy, Do not disturb, Away, Appear offline. */
export function StatusSelect() {
  const client = useClient();
  const meId = useAppStore((state) => state.me?.id);
  const presence = usePresence(meId);
  const [pending, setPending] = useState<PresenceStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const status = pending ?? presence?.status ?? 'available';

  const choose = (value: string) => {
    if (!isStatus(value)) return;
    setPending(value);
    setError(null);
    client
      .setPresence({ status: value })
      .catch((failure: unknown) => setError(describeError(failure)))
      .finally(() => setPending(null));
  };

  return (
    <div className="status-select">
      <span className="status-select__dot">
        <PresenceDot status={status} size={10} />
      </span>
      <select
        className="status-select__control"
        aria-label="Status"
        value={status}
        onChange={(event) => choose(event.target.value)}
        aria-describedby={error ? 'status-select-error' : undefined}
      >
        {SELECTABLE_STATUSES.map((option) => (
          <option key={option} value={option}>
            {statusOptionLabel(option)}
          </option>
        ))}
      </select>
      {error && (
        <span id="status-select-error" className="error-text status-select__error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
