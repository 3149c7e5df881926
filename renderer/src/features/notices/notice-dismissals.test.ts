import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createNoticeDismissals } from './notice-dismissals';

const SCOPE = { serverUrl: 'https://chat.acme.test', userId: 'u-alice' };

beforeEach(() => localStorage.clear());

/** A window whose storage refuses every read and write (private mode, storage disabled). */
function windowWithoutStorage(): Window {
  const refuse = () => {
    throw new DOMException('The operation is insecure.', 'SecurityError');
  };
  const storage = { getItem: refuse, setItem: refuse, removeItem: refuse } as unknown as Storage;
  return Object.assign(new EventTarget(), { localStorage: storage }) as unknown as Window;
}

describe('notice dismissals', () => {
  it('remember the acknowledged text per server and user in localStorage', () => {
    const dismissals = createNoticeDismissals(window);
    expect(dismissals.isDismissed(SCOPE, 'Recorded.')).toBe(false);
    dismissals.dismiss(SCOPE, 'Recorded.');
    expect(createNoticeDismissals(window).isDismissed(SCOPE, 'Recorded.')).toBe(true);
    expect(dismissals.isDismissed(SCOPE, 'Recorded and kept 7 years.')).toBe(false);
    expect(dismissals.isDismissed({ ...SCOPE, userId: 'u-bob' }, 'Recorded.')).toBe(false);
    expect(dismissals.isDismissed({ ...SCOPE, serverUrl: 'https://other.test' }, 'Recorded.')).toBe(false);
  });

  it('tell subscribers of an acknowledgement here, until they unsubscribe', () => {
    const dismissals = createNoticeDismissals(window);
    const listener = vi.fn();
    const unsubscribe = dismissals.subscribe(listener);
    dismissals.dismiss(SCOPE, 'Recorded.');
    expect(listener).toHaveBeenCalledTimes(1);
    unsubscribe();
    dismissals.dismiss(SCOPE, 'Other.');
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('ignore storage events of other keys', () => {
    const listener = vi.fn();
    createNoticeDismissals(window).subscribe(listener);
    window.dispatchEvent(new StorageEvent('storage', { key: 'beacon.settings' }));
    expect(listener).not.toHaveBeenCalled();
    window.dispatchEvent(new StorageEvent('storage', { key: null }));
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('keep an acknowledgement for the page when storage refuses it', () => {
    const dismissals = createNoticeDismissals(windowWithoutStorage());
    expect(dismissals.isDismissed(SCOPE, 'Recorded.')).toBe(false);
    expect(() => dismissals.dismiss(SCOPE, 'Recorded.')).not.toThrow();
    expect(dismissals.isDismissed(SCOPE, 'Recorded.')).toBe(true);
    expect(createNoticeDismissals(windowWithoutStorage()).isDismissed(SCOPE, 'Recorded.')).toBe(false);
  });
});
