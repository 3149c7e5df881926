import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin, type PluginOption } from 'vite';

/** The renderer's source root (this folder). */
export const rendererRoot = fileURLToPath(new URL('.', import.meta.url));
/** Where the web build goes; the Beacon server serves this folder at `/`. */
export const webOutDir = fileURLToPath(new URL('../out/web', import.meta.url));

/**
 * The Content-Security-Policy of the built page: no inline or remote scripts, no plugins, styles only
 * from our own files (React sets inline styles through the CSSOM, which CSP allows). Connections may go
 * to any server, because the user chooses the Beacon server at sign-in.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  'connect-src * ws: wss:',
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** Adds the CSP meta tag to the built index.html (not in dev, where Vite's client needs inline scripts). */
export function contentSecurityPolicy(policy: string = CONTENT_SECURITY_POLICY): Plugin {
  return {
    name: 'beacon-content-security-policy',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: () => [
        {
          tag: 'meta',
          attrs: { 'http-equiv': 'Content-Security-Policy', content: policy },
          injectTo: 'head',
        },
      ],
    },
  };
}

/** The renderer's Vite plugins, shared with the Electron build (electron.vite.config.ts). */
export function rendererPlugins(options: { csp?: boolean } = {}): PluginOption[] {
  return [react(), ...(options.csp === false ? [] : [contentSecurityPolicy()])];
}

const devServer = process.env.BEACON_DEV_SERVER ?? 'http://127.0.0.1:7878';

export default defineConfig({
  root: rendererRoot,
  // Relative asset URLs: the same build loads from the server at `/` and from file:// inside Electron.
  base: './',
  plugins: rendererPlugins(),
  build: {
    outDir: webOutDir,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 1_000,
  },
  // `npm run dev:web`: the page's own origin is the default server, so the API and socket are
  // proxied to a Beacon server (BEACON_DEV_SERVER, default the server's default address).
  server: {
    port: 5173,
    strictPort: false,
    proxy: {
      '/api': { target: devServer, changeOrigin: true },
      '/socket.io': { target: devServer, changeOrigin: true, ws: true },
    },
  },
});
