import { readFile } from 'node:fs/promises';
import { app, protocol, type Session, shell, type WebContents } from 'electron';
import { errorMessage, type Logger } from '../logger';
import { APP_SCHEME, type AppOrigins, isAppUrl } from '../security/app-origin';
import { resolveAppFile } from '../security/app-protocol';
import { decideWindowOpen, isNavigationAllowed } from '../security/navigation';
import { isPermissionAllowed } from '../security/permissions';

/** Must run before `ready`: app:// behaves like https (secure context, fetch, storage). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: false, stream: true },
    },
  ]);
}

export interface SessionHardening {
  session: Session;
  origins: AppOrigins;
  /** The built renderer (out/renderer). */
  rendererRoot: string;
  contentSecurityPolicy(): string;
  log: Logger;
}

/** Serves the renderer from app://beacon with the CSP header, and locks the session down. */
export function hardenSession({
  session,
  origins,
  rendererRoot,
  contentSecurityPolicy,
  log,
}: SessionHardening): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    const resolved = resolveAppFile(rendererRoot, request.url, request.method);
    if (resolved.kind === 'error') return new Response(resolved.message, { status: resolved.status });
    try {
      const body = await readFile(resolved.path);
      return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
        status: 200,
        headers: {
          'content-type': resolved.contentType,
          'content-security-policy': contentSecurityPolicy(),
          'x-content-type-options': 'nosniff',
          'cross-origin-opener-policy': 'same-origin',
        },
      });
    } catch (error) {
      log.warn('app file not found', { url: request.url, error: errorMessage(error) });
      return new Response('not found', { status: 404 });
    }
  });

  // The Vite dev server (development only) gets the same policy as a header.
  if (origins.devServer) {
    const devServer = new URL(origins.devServer);
    session.webRequest.onHeadersReceived(
      { urls: [`${devServer.protocol}//${devServer.host}/*`] },
      (details, done) => {
        done({
          responseHeaders: {
            ...details.responseHeaders,
            'Content-Security-Policy': [contentSecurityPolicy()],
          },
        });
      },
    );
  }

  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const allowed = isPermissionAllowed(permission, details.requestingUrl, origins);
    if (!allowed) log.warn('permission denied', { permission, url: details.requestingUrl });
    callback(allowed);
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionAllowed(permission, requestingOrigin, origins),
  );
}

/**
 * Every web contents, present and future: no navigation away, no new windows, no webviews. A
 * link to a file of the server (`downloadFileLink` says true) is downloaded instead.
 */
export function guardWebContents(
  origins: AppOrigins,
  log: Logger,
  downloadFileLink: (url: string) => boolean = () => false,
): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    const block = (event: { preventDefault(): void }, url: string) => {
      if (isNavigationAllowed(url, origins)) return;
      event.preventDefault();
      if (downloadFileLink(url)) return;
      log.warn('navigation blocked', { url });
    };
    contents.on('will-navigate', (event) => block(event, event.url));
    contents.on('will-redirect', (event) => block(event, event.url));
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (downloadFileLink(url)) return { action: 'deny' };
      const decision = decideWindowOpen(url);
      if (decision.openExternally) void openExternal(url, log);
      else log.warn('window.open denied', { url });
      return { action: decision.action };
    });
  });
}

/** Hands an already validated http(s)/mailto link to the OS. */
export async function openExternal(url: string, log: Logger): Promise<void> {
  const decision = decideWindowOpen(url);
  if (!decision.openExternally) throw new Error('only http, https and mailto links can be opened');
  try {
    await shell.openExternal(url);
  } catch (error) {
    log.warn('cannot open link', { url, error: errorMessage(error) });
    throw new Error(`cannot open the link: ${errorMessage(error)}`);
  }
}

export function isTrustedSenderUrl(url: string, origins: AppOrigins): boolean {
  return isAppUrl(url, origins);
}
