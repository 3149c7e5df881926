import { extname, isAbsolute, join, normalize, relative, sep } from 'node:path';
import { APP_HOST } from './app-origin';

export type AppFileResolution =
  | { kind: 'file'; path: string; contentType: string }
  | { kind: 'error'; status: 400 | 403 | 404 | 405; message: string };

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.wav': 'audio/wav',
};

/**
 * Maps an `app://beacon/…` request to a file of the built renderer. Paths that try to leave
 * the renderer folder are refused; a path without a file extension is a client-side route
 * and gets index.html.
 */
export function resolveAppFile(rendererRoot: string, requestUrl: string, method = 'GET'): AppFileResolution {
  if (method !== 'GET' && method !== 'HEAD')
    return { kind: 'error', status: 405, message: 'method not allowed' };
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { kind: 'error', status: 400, message: 'bad url' };
  }
  if (url.hostname !== APP_HOST) return { kind: 'error', status: 404, message: 'unknown host' };
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return { kind: 'error', status: 400, message: 'bad path encoding' };
  }
  if (pathname.includes('\0')) return { kind: 'error', status: 400, message: 'bad path' };
  const wanted = pathname === '/' || pathname === '' ? '/index.html' : pathname;
  const routed = extname(wanted) === '' ? '/index.html' : wanted;
  const file = normalize(join(rendererRoot, routed));
  const inside = relative(rendererRoot, file);
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) {
    return { kind: 'error', status: 403, message: 'outside the app' };
  }
  const contentType = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
  return { kind: 'file', path: file, contentType };
}
