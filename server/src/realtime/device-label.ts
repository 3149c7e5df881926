/**
 * A first device label from the handshake's User-Agent, until the client names itself with
 * `device:activity { label }`: the desktop app says "Windows desktop", a browser "Web".
 */
export function guessDeviceLabel(userAgent: string | undefined): string {
  if (!userAgent) return 'Unknown device';
  if (/\bElectron\//.test(userAgent)) {
    if (/Windows/.test(userAgent)) return 'Windows desktop';
    if (/Macintosh|Mac OS X/.test(userAgent)) return 'Mac desktop';
    if (/Linux/.test(userAgent)) return 'Linux desktop';
    return 'Desktop';
  }
  if (/^Mozilla\//.test(userAgent)) return 'Web';
  return 'Unknown device';
}
