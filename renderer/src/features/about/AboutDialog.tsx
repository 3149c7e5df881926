import { BeaconLogo } from '../../components/BeaconLogo';
import { Dialog } from '../../components/Dialog';
import { useTranslation } from '../../i18n';
import { useAppStore } from '../../store/react';
import { displayName } from '../../store/selectors';
import './about.css';

/**
 * The app, the server it talks to, who is signed in, and the organisation's recording notice
 * (also after its banner was acknowledged). No version: neither host reports one yet.
 */
export function AboutDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const me = useAppStore((state) => state.me);
  const serverUrl = useAppStore((state) => state.serverUrl);
  const notice = useAppStore((state) => state.recordingNotice);
  return (
    <Dialog
      title={t('about.title')}
      onClose={onClose}
      size="sm"
      footer={
        <button type="button" className="button button--primary" onClick={onClose}>
          {t('common.done')}
        </button>
      }
    >
      <div className="about">
        <div className="about__app">
          <BeaconLogo size={40} />
          <div>
            <p className="about__name">Beacon</p>
            <p className="muted">{t('about.tagline')}</p>
          </div>
        </div>
        <dl className="about__facts">
          {serverUrl && (
            <div>
              <dt>{t('about.server')}</dt>
              <dd>{serverUrl}</dd>
            </div>
          )}
          {me && (
            <div>
              <dt>{t('about.signedInAs')}</dt>
              <dd>{me.name && me.name !== me.email ? `${displayName(me)} (${me.email})` : me.email}</dd>
            </div>
          )}
          {notice && (
            <div>
              <dt>{t('about.recording')}</dt>
              <dd className="about__notice">{notice}</dd>
            </div>
          )}
        </dl>
      </div>
    </Dialog>
  );
}
