import { EventEmitter } from 'node:events';
import type { Core } from './core';
import { FakeDownloads } from './downloads';
import type { PageLoad } from './page';

type ProtocolHandler = (request: Request) => Response | Promise<Response>;
type PermissionRequestHandler = (
  contents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details: { requestingUrl: string },
) => void;
type PermissionCheckHandler = (contents: unknown, permission: string, origin: string) => boolean;

export interface PrivilegedScheme {
  scheme: string;
  privileges?: { standard?: boolean; secure?: boolean; supportFetchAPI?: boolean };
}

/** The schemes `protocol.registerSchemesAsPrivileged` declared before ready. */
export class SchemeRegistry {
  readonly schemes: PrivilegedScheme[] = [];

  constructor(private readonly core: Core) {}

  registerSchemesAsPrivileged(schemes: PrivilegedScheme[]): void {
    this.core.record('protocol.registerSchemesAsPrivileged', schemes);
    this.core.requireNotReady('protocol.registerSchemesAsPrivileged');
    this.schemes.push(...structuredClone(schemes));
  }

  isStandard(scheme: string): boolean {
    return this.schemes.some((entry) => entry.scheme === scheme && entry.privileges?.standard === true);
  }
}

/** session.defaultSession: protocol handlers, header hooks, permission handlers, downloads. */
export class FakeSession {
  private readonly events = new EventEmitter();
  readonly downloads: FakeDownloads;
  private readonly handlers = new Map<string, ProtocolHandler>();
  permissionRequestHandler: PermissionRequestHandler | null = null;
  permissionCheckHandler: PermissionCheckHandler | null = null;
  readonly preloads: string[] = [];
  readonly protocol = {
    handle: (scheme: string, handler: ProtocolHandler) => {
      this.core.record('session.protocol.handle', scheme);
      if (this.handlers.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`);
      this.handlers.set(scheme, handler);
    },
    unhandle: (scheme: string) => {
      this.handlers.delete(scheme);
    },
    isProtocolHandled: (scheme: string) => this.handlers.has(scheme),
  };
  readonly webRequest = {
    onHeadersReceived: (..._args: unknown[]) => {
      this.core.record('session.webRequest.onHeadersReceived');
    },
    onBeforeRequest: (..._args: unknown[]) => undefined,
  };

  constructor(
    private readonly core: Core,
    private readonly schemes: SchemeRegistry,
  ) {
    this.downloads = new FakeDownloads(core);
  }

  setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
    this.permissionRequestHandler = handler;
  }

  setPermissionCheckHandler(handler: PermissionCheckHandler | null): void {
    this.permissionCheckHandler = handler;
  }

  setPreloads(preloads: string[]): void {
    this.preloads.splice(0, this.preloads.length, ...preloads);
  }

  getPreloads(): string[] {
    return [...this.preloads];
  }

  setSpellCheckerLanguages(): void {}

  on(event: string, listener: (...args: never[]) => void): this {
    this.core.record('session.on', event);
    this.events.on(event, listener as (...args: unknown[]) => void);
    return this;
  }

  removeListener(event: string, listener: (...args: never[]) => void): this {
    this.events.removeListener(event, listener as (...args: unknown[]) => void);
    return this;
  }

  off(event: string, listener: (...args: never[]) => void): this {
    return this.removeListener(event, listener);
  }

  listenerCount(event: string): number {
    return this.events.listenerCount(event);
  }

  /** `session.downloadURL` / `webContents.downloadURL`: `will-download` follows, then the item runs. */
  downloadURL(url: string, options?: { headers?: Record<string, string> }, contents: unknown = null): void {
    this.downloads.start(url, options, (event, item) =>
      this.events.emit('will-download', event, item, contents),
    );
  }

  /** What a page asking for this permission would get. */
  requestPermission(permission: string, requestingUrl: string): Promise<boolean> {
    const handler = this.permissionRequestHandler;
    if (!handler) return Promise.resolve(true);
    return new Promise((resolve) => handler(null, permission, resolve, { requestingUrl }));
  }

  /** Loads a page as Chromium would for loadURL: through the scheme's handler, then its assets. */
  async fetchPage(url: string): Promise<PageLoad> {
    const scheme = new URL(url).protocol.replace(/:$/, '');
    const handler = this.handlers.get(scheme);
    const base: PageLoad = { url, status: 0, contentType: null, contentSecurityPolicy: null, assets: [] };
    if (!handler) return { ...base, error: `ERR_UNKNOWN_URL_SCHEME (no handler for ${scheme}:)` };
    if (!['http', 'https', 'file'].includes(scheme) && !this.schemes.isStandard(scheme)) {
      return { ...base, error: `${scheme}: is not registered as a standard scheme before ready` };
    }
    const response = await handler(new Request(url));
    const body = await response.text();
    const load: PageLoad = {
      ...base,
      status: response.status,
      contentType: response.headers.get('content-type'),
      contentSecurityPolicy: response.headers.get('content-security-policy'),
    };
    if (response.status !== 200) return { ...load, error: `HTTP ${response.status}` };
    for (const match of body.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)) {
      const assetUrl = new URL(match[1] as string, url).toString();
      const asset = await handler(new Request(assetUrl));
      await asset.arrayBuffer();
      load.assets.push({
        url: assetUrl,
        status: asset.status,
        contentType: asset.headers.get('content-type'),
      });
    }
    return load;
  }
}
