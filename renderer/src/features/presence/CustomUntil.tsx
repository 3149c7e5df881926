import { useId, useState } from 'react';
import { useTranslation } from '../../i18n';
import { parseLocalDateTime, untilProblem } from '../../lib/durations';

/** A date and time for "Busy until …"; checked before it is sent (future, within a year). */
export function CustomUntil({ serverNow, onChoose }: { serverNow: number; onChoose(until: number): void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const inputId = useId();
  const errorId = useId();
  const submit = () => {
    const until = parseLocalDateTime(value);
    const issue = untilProblem(until, serverNow);
    setProblem(issue);
    if (!issue && until !== null) onChoose(until);
  };
  return (
    <div className="status-select__custom">
      <label htmlFor={inputId}>{t('presence.customUntil.label')}</label>
      <input
        id={inputId}
        type="datetime-local"
        value={value}
        onChange={(event) => setValue(event.target.value)}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? errorId : undefined}
      />
      <button type="button" className="button button--small" onClick={submit}>
        {t('presence.customUntil.set')}
      </button>
      {problem && (
        <span id={errorId} className="error-text" role="alert">
          {problem}
        </span>
      )}
    </div>
  );
}
