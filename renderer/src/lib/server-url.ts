import { i18n } from '../i18n';

export type ServerUrlResult = { ok: true; url: string } | { ok: false; error: string };

/** A DNS name, an IPv4 address or a bracketed IPv6 address; nothing percent-encoded. */
const HOST_NAME =
  /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])$/i;
const LOCAL_HOSTS = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d+)?(?:\/|$)/i;

/**
 * Turns what a user typed into the "Server" field into an origin URL without a trailing slash:
 * "chat.acme.test" → "https://chat.acme.test", "localhost:3000" → "http://localhost:3000".
 */
export function normaliseServerUrl(input: string): ServerUrlResult {
  const trimmed = input.trim();
  if (!trimmed) return { ok: false, error: i18n.t('auth.server.missing') };
  const invalid: ServerUrlResult = {
    ok: false,
    error: i18n.t('auth.server.invalid', { address: trimmed }),
  };
  // Chromium's URL parser percent-encodes spaces in a host ("not%20a%20url") instead of refusing it.
  if (/\s/.test(trimmed)) return invalid;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)
    ? trimmed
    : `${LOCAL_HOSTS.test(trimmed) ? 'http' : 'https'}://${trimmed}`;
  try {
    const url = new URL(withScheme);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return { ok: false, error: i18n.t('auth.server.scheme') };
    }
    if (!url.hostname || !HOST_NAME.test(url.hostname)) return invalid;
    const path = url.pathname.replace(/\/+$/, '');
    return { ok: true, url: `${url.origin}${path}` };
  } catch {
    return invalid;
  }
}
