import { isHttpUrl } from '../../common/bridge-schemas';

export interface CspOptions {
  /** Beacon servers the renderer talks to (settings, policy, saved session). */
  serverUrls: readonly (string | null | undefined)[];
  /**
   * Whether the user may type another server at sign-in. Then any https/wss server (and a
   * server on this machine) is allowed too; with a server fixed by policy, only that one.
   */
  allowOtherServers: boolean;
  /** The Vite dev server origin in development (needs inline/eval scripts for hot reload). */
  devServerUrl: string | null;
}

/** The renderer's Content-Security-Policy, sent as a response header for every app page. */
export function buildContentSecurityPolicy({
  serverUrls,
  allowOtherServers,
  devServerUrl,
}: CspOptions): string {
  const servers = new Set<string>();
  for (const url of serverUrls) {
    if (!url || !isHttpUrl(url)) continue;
    const { protocol, host } = new URL(url);
    servers.add(`${protocol}//${host}`);
    servers.add(`${protocol === 'https:' ? 'wss:' : 'ws:'}//${host}`);
  }
  if (allowOtherServers) {
    for (const source of [
      'https:',
      'wss:',
      'http://localhost:*',
      'ws://localhost:*',
      'http://127.0.0.1:*',
      'ws://127.0.0.1:*',
    ]) {
      servers.add(source);
    }
  }
  const dev = devServerUrl && isHttpUrl(devServerUrl) ? new URL(devServerUrl) : null;
  const devSources = dev ? [`${dev.protocol}//${dev.host}`, `ws://${dev.host}`] : [];

  const directives: Record<string, string[]> = {
    'default-src': ["'none'"],
    'script-src': dev ? ["'self'", "'unsafe-inline'", "'unsafe-eval'", ...devSources] : ["'self'"],
    // React and virtualised lists set inline style attributes.
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:', ...[...servers].filter((s) => s.startsWith('http'))],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'", ...servers, ...devSources],
    'media-src': ["'self'"],
    'worker-src': ["'self'", 'blob:'],
    'manifest-src': ["'self'"],
    'object-src': ["'none'"],
    'frame-src': ["'none'"],
    'child-src': ["'none'"],
    'frame-ancestors': ["'none'"],
    'form-action': ["'none'"],
    'base-uri': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${[...new Set(sources)].join(' ')}`)
    .join('; ');
}
