import { useId, useMemo, useSyncExternalStore } from 'react';
import { useTranslation } from '../../i18n';
import { useAppStore } from '../../store/react';
import { createNoticeDismissals, type NoticeDismissals, type NoticeScope } from './notice-dismissals';
import './recording-notice.css';

let shared: NoticeDismissals | null = null;
function sharedDismissals(): NoticeDismissals {
  shared ??= createNoticeDismissals();
  return shared;
}

/** The server and user a notice is acknowledged for, once both are known. */
function useNoticeScope(): NoticeScope | null {
  const serverUrl = useAppStore((state) => state.serverUrl);
  const userId = useAppStore((state) => state.me?.id ?? null);
  return useMemo(() => (serverUrl && userId ? { serverUrl, userId } : null), [serverUrl, userId]);
}

/** Where focus goes once the banner is gone: as after sign-in, the composer, else the directory search. */
function focusMainScreen(): void {
  const target =
    document.querySelector<HTMLElement>('.composer__input') ??
    document.querySelector<HTMLElement>('#directory-search');
  target?.focus();
}

/**
 * The organisation's recording notice, until the user acknowledges it — once per server, user and
 * text. A polite banner in the page's flow, not a dialog: it never takes focus or covers anything.
 * The text is the organisation's and shown as given; only the chrome around it is translated.
 */
export function RecordingNoticeBanner({
  dismissals = sharedDismissals(),
}: {
  dismissals?: NoticeDismissals;
}) {
  const { t } = useTranslation();
  const text = useAppStore((state) => state.recordingNotice);
  const scope = useNoticeScope();
  const headingId = useId();
  const dismissed = useSyncExternalStore(
    dismissals.subscribe,
    () => !scope || !text || dismissals.isDismissed(scope, text),
  );
  if (!scope || !text || dismissed) return null;

  const acknowledge = () => {
    const hadFocus = Boolean(document.activeElement?.closest('.recording-notice'));
    dismissals.dismiss(scope, text);
    if (hadFocus) focusMainScreen();
  };
  return (
    <section className="recording-notice" aria-labelledby={headingId}>
      <div className="recording-notice__body">
        <h2 id={headingId} className="recording-notice__heading">
          {t('notices.recording.heading')}
        </h2>
        <p className="recording-notice__text">{text}</p>
      </div>
      <button type="button" className="button button--small" onClick={acknowledge}>
        {t('notices.recording.gotIt')}
      </button>
    </section>
  );
}
