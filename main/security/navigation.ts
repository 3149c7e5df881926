import { isExternalUrl } from '../../common/bridge-schemas';
import { type AppOrigins, isAppUrl } from './app-origin';

/** `will-navigate` / `will-redirect`: the window only ever shows the app itself. */
export function isNavigationAllowed(url: string, origins: AppOrigins): boolean {
  return isAppUrl(url, origins);
}

export interface WindowOpenDecision {
  action: 'deny';
  /** Hand the link to the OS (browser, mail client) instead. */
  openExternally: boolean;
}

/** `setWindowOpenHandler`: never a new Electron window; http(s) and mailto links go to the OS. */
export function decideWindowOpen(url: string): WindowOpenDecision {
  return { action: 'deny', openExternally: isExternalUrl(url) };
}
