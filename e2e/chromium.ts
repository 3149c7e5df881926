/**
 * Debian's Chromium and the flags every headless run here needs (no background
 * networking: this workplace's network is closed). Playwright never downloads a browser.
 */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
