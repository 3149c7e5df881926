/** The renderer is served from this privileged scheme in production (never from file://). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'beacon';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** Where the renderer's pages may come from: the app scheme, plus the Vite dev server in development. */
export interface AppOrigins {
  /** e.g. `app://beacon/` */
  app: string;
  /** e.g. `http://localhost:5173/` from electron-vite's ELECTRON_RENDERER_URL, development only. */
  devServer: string | null;
}

export function appOrigins(devServerUrl: string | undefined | null): AppOrigins {
  return { app: `${APP_SCHEME}://${APP_HOST}/`, devServer: devServerUrl ? devServerUrl : null };
}

/** True when `url` is a page of the app itself. Compares scheme, host and port (custom schemes have an opaque URL.origin). */
export function isAppUrl(url: string, origins: AppOrigins): boolean {
  const target = parse(url);
  if (target === null) return false;
  return [origins.app, origins.devServer].some((base) => base !== null && sameOrigin(target, parse(base)));
}

function sameOrigin(a: URL, b: URL | null): boolean {
  return b !== null && a.protocol === b.protocol && a.hostname === b.hostname && a.port === b.port;
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}
