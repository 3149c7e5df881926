import { createRequire } from 'node:module';

/** The server's version (server/package.json), which manifest.json names as the exporter's. */
export const EXPORTER_VERSION: string = (() => {
  const manifest: unknown = createRequire(import.meta.url)('../../../package.json');
  const version =
    typeof manifest === 'object' && manifest !== null ? Reflect.get(manifest, 'version') : undefined;
  return typeof version === 'string' ? version : 'unknown';
})();
