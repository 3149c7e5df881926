import { type AppOrigins, isAppUrl } from './app-origin';

/** The only web permission the app's pages get: notifications. Nothing for any other origin. */
export function isPermissionAllowed(permission: string, requestingUrl: string, origins: AppOrigins): boolean {
  return permission === 'notifications' && isAppUrl(requestingUrl, origins);
}
