import { useEffect } from 'react';
import { useToast } from '../../app/toasts';
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
        toast(`${displayName(users[alert.userId], 'Someone you asked about')} is available now.`);
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
