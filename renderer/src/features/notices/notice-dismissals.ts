/** Whose acknowledgement it is: one per server and user. */
export interface NoticeScope {
  serverUrl: string;
  userId: string;
}

/**
 * Which notice text each user acknowledged on each server. A new text from the organisation is a
 * new notice: it shows again.
 */
export interface NoticeDismissals {
  isDismissed(scope: NoticeScope, text: string): boolean;
  dismiss(scope: NoticeScope, text: string): void;
  /** Calls back when an acknowledgement changed here or in another tab (the `storage` event). */
  subscribe(listener: () => void): () => void;
}

const KEY_PREFIX = 'beacon.recordingNoticeSeen:';

function keyOf({ serverUrl, userId }: NoticeScope): string {
  return `${KEY_PREFIX}${serverUrl}|${userId}`;
}

/**
 * In `localStorage`, which both hosts have (the desktop renderer is a web page too); the value is
 * the acknowledged text itself. When storage is disabled or full, acknowledgements last as long as
 * the page: the notice shows again after a reload, which errs on the side of telling.
 */
export function createNoticeDismissals(win: Window = window): NoticeDismissals {
  const unsaved = new Map<string, string>();
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of [...listeners]) listener();
  };
  const read = (key: string): string | null => {
    try {
      return win.localStorage.getItem(key);
    } catch {
      return null;
    }
  };
  return {
    isDismissed: (scope, text) => {
      const key = keyOf(scope);
      return (unsaved.get(key) ?? read(key)) === text;
    },
    dismiss: (scope, text) => {
      const key = keyOf(scope);
      try {
        win.localStorage.setItem(key, text);
        unsaved.delete(key);
      } catch {
        unsaved.set(key, text);
      }
      notify();
    },
    subscribe: (listener) => {
      const onStorage = (event: StorageEvent) => {
        if (event.key === null || event.key.startsWith(KEY_PREFIX)) listener();
      };
      listeners.add(listener);
      win.addEventListener('storage', onStorage);
      return () => {
        listeners.delete(listener);
        win.removeEventListener('storage', onStorage);
      };
    },
  };
}
