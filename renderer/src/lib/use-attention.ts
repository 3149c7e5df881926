import { useSyncExternalStore } from 'react';

function subscribe(listener: () => void): () => void {
  document.addEventListener('visibilitychange', listener);
  window.addEventListener('focus', listener);
  window.addEventListener('blur', listener);
  return () => {
    document.removeEventListener('visibilitychange', listener);
    window.removeEventListener('focus', listener);
    window.removeEventListener('blur', listener);
  };
}

function isAttentive(): boolean {
  return document.visibilityState === 'visible' && document.hasFocus();
}

/** Whether the user can see the app right now: the page is visible and the window has focus. */
export function useAttention(): boolean {
  return useSyncExternalStore(subscribe, isAttentive);
}
