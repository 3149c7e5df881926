import { LIMITS } from '@beacon/protocol';
import { useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useClient } from '../../app/context';
import { currentLocale, useTranslation } from '../../i18n';
import { parseLocalDate, startOfNextLocalDay, toDateInputValue } from '../../lib/durations';
import { formatUntil } from '../../lib/presence-text';
import { describeError } from '../../socket';
import { selectOutOfOffice } from '../../store/own-presence-selectors';
import { useAppStore } from '../../store/react';
import { useServerNow } from './use-presence-view';

const DAY_FORMAT = {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
} as const satisfies Intl.DateTimeFormatOptions;

/** Out of office (v2 servers): first and last day and a note; shown as Away with the note to others. */
export function OutOfOffice() {
  const { t } = useTranslation();
  const client = useClient();
  const supported = useAppStore((state) => state.serverProtocol >= 2);
  const current = useAppStore(useShallow(selectOutOfOffice));
  const now = useServerNow(false);
  const [editing, setEditing] = useState(false);
  const [from, setFrom] = useState(() => toDateInputValue(Date.now()));
  const [to, setTo] = useState(() => toDateInputValue(Date.now()));
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ids = { from: useId(), to: useId(), note: useId() };
  if (!supported) return null;

  const run = (action: () => Promise<unknown>, after: () => void) => {
    setBusy(true);
    setError(null);
    action()
      .then(after)
      .catch((failure: unknown) => setError(describeError(failure)))
      .finally(() => setBusy(false));
  };

  const save = () => {
    const start = parseLocalDate(from);
    const lastDay = parseLocalDate(to);
    if (start === null || lastDay === null) {
      setError(t('presence.outOfOffice.chooseDays'));
      return;
    }
    const end = startOfNextLocalDay(lastDay);
    if (end <= start) {
      setError(t('presence.outOfOffice.lastBeforeFirst'));
      return;
    }
    run(
      () => client.setOutOfOffice({ from: start, to: end, message: note.trim() || null }),
      () => setEditing(false),
    );
  };

  if (current && !editing) {
    return (
      <section className="out-of-office" aria-label={t('presence.outOfOffice.label')}>
        <span className="out-of-office__summary">
          {t('presence.outOfOffice.summary', {
            from: new Intl.DateTimeFormat(currentLocale(), DAY_FORMAT).format(current.from),
            to: formatUntil(current.to, now),
          })}
          {current.message && ` · ${current.message}`}
        </span>
        <button
          type="button"
          className="button button--small"
          disabled={busy}
          onClick={() =>
            run(
              () => client.clearOutOfOffice(),
              () => undefined,
            )
          }
        >
          {t('presence.outOfOffice.clear')}
        </button>
        {error && (
          <span className="error-text" role="alert">
            {error}
          </span>
        )}
      </section>
    );
  }
  if (!editing) {
    return (
      <button type="button" className="button button--small button--ghost" onClick={() => setEditing(true)}>
        {t('presence.outOfOffice.open')}
      </button>
    );
  }
  return (
    <form
      className="out-of-office out-of-office--editing"
      aria-label={t('presence.outOfOffice.label')}
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      <label htmlFor={ids.from}>{t('presence.outOfOffice.firstDay')}</label>
      <input id={ids.from} type="date" value={from} onChange={(event) => setFrom(event.target.value)} />
      <label htmlFor={ids.to}>{t('presence.outOfOffice.lastDay')}</label>
      <input id={ids.to} type="date" value={to} onChange={(event) => setTo(event.target.value)} />
      <label htmlFor={ids.note}>{t('presence.outOfOffice.note')}</label>
      <input
        id={ids.note}
        type="text"
        maxLength={LIMITS.activityMaxChars}
        value={note}
        placeholder={t('presence.outOfOffice.notePlaceholder')}
        onChange={(event) => setNote(event.target.value)}
      />
      <span className="out-of-office__actions">
        <button type="submit" className="button button--small button--primary" disabled={busy}>
          {t('presence.outOfOffice.save')}
        </button>
        <button type="button" className="button button--small" onClick={() => setEditing(false)}>
          {t('common.cancel')}
        </button>
      </span>
      {error && (
        <span className="error-text" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}
