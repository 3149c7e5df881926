import { Avatar } from '../../components/Avatar';
import { Icon } from '../../components/Icon';
import { useTranslation } from '../../i18n';
import { useAppStore } from '../../store/react';
import { displayName } from '../../store/selectors';
import { OutOfOffice } from './OutOfOffice';
import { StatusMessageField } from './StatusMessageField';
import { StatusSelect } from './StatusSelect';
import { usePresenceView } from './use-presence-view';
import './my-status.css';

export interface MyStatusProps {
  onOpenSettings(): void;
  onSignOut(): void;
}

/** The signed-in user's card at the top of the sidebar: who I am, my status and note, settings, sign out. */
export function MyStatus({ onOpenSettings, onSignOut }: MyStatusProps) {
  const { t } = useTranslation();
  const me = useAppStore((state) => state.me);
  const view = usePresenceView(me?.id);
  if (!me) return null;
  return (
    <section className="my-status" aria-label={t('presence.myStatus.label')}>
      <div className="my-status__row">
        <Avatar
          id={me.id}
          name={displayName(me)}
          size="lg"
          status={view.status}
          stale={view.stale !== null}
        />
        <div className="my-status__who">
          <div className="my-status__name" title={`${me.email}\n${view.details}`}>
            {displayName(me)}
          </div>
          <div className="my-status__effective" data-stale={view.stale !== null || undefined}>
            {view.headline}
            {view.stale && ` · ${view.stale}`}
          </div>
          <StatusSelect />
        </div>
        <div className="my-status__actions">
          <button
            type="button"
            className="icon-button"
            aria-label={t('presence.myStatus.settings')}
            title={t('presence.myStatus.settings')}
            onClick={onOpenSettings}
          >
            <Icon name="settings" />
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label={t('presence.myStatus.signOut')}
            title={t('presence.myStatus.signOut')}
            onClick={onSignOut}
          >
            <Icon name="signOut" />
          </button>
        </div>
      </div>
      <StatusMessageField />
      <OutOfOffice />
    </section>
  );
}
