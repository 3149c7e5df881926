import { useEffect } from 'react';
import { useToast } from '../../app/toasts';
import { i18n } from '../../i18n';
import { useStoreApi } from '../../store/react';
import { displayName } from '../../store/selectors';

/** Turns each `presence:alert` ("Tell me when available") into a toast, once. */
export function PresenceAlerts() {
  const store = useStoreApi();
  const toast = useToast();
  useEffect(() => {
    const show = () => {
      const { presenceAlerts, users, dismissPresenceAlert } = store.getState();
      for (const alert of presenceAlerts) {
        toast(
          i18n.t('presence.alerts.availableNow', {
            name: displayName(users[alert.userId], i18n.t('presence.alerts.someone')),
          }),
        );
        dismissPresenceAlert(alert.id);
      }
    };
    show();
    return store.subscribe((state, previous) => {
      if (state.presenceAlerts !== previous.presenceAlerts && state.presenceAlerts.length > 0) show();
    });
  }, [store, toast]);
  return null;
}
