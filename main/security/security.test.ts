import { join, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appOrigins, isAppUrl } from './app-origin';
import { resolveAppFile } from './app-protocol';
import { buildContentSecurityPolicy } from './content-security-policy';
import { decideWindowOpen, isNavigationAllowed } from './navigation';
import { isPermissionAllowed } from './permissions';

const prod = appOrigins(null);
const dev = appOrigins('http://localhost:5173');

describe('isAppUrl', () => {
  it('accepts the app scheme and, in development, the dev server', () => {
    expect(isAppUrl('app://beacon/index.html', prod)).toBe(true);
    expect(isAppUrl('app://beacon/', prod)).toBe(true);
    expect(isAppUrl('http://localhost:5173/', prod)).toBe(false);
    expect(isAppUrl('http://localhost:5173/src/main.tsx', dev)).toBe(true);
  });

  it.each([
    'app://evil/index.html',
    'https://beacon/index.html',
    'file:///etc/passwd',
    'http://localhost:5174/',
    'https://localhost:5173/',
    'not a url',
    '',
  ])('rejects %s', (url) => {
    expect(isAppUrl(url, dev)).toBe(false);
  });
});

describe('navigation', () => {
  it('allows only the app itself', () => {
    expect(isNavigationAllowed('app://beacon/index.html#/c/1', prod)).toBe(true);
    expect(isNavigationAllowed('https://example.com/phish', prod)).toBe(false);
    expect(isNavigationAllowed('file:///C:/Windows/system32/calc.exe', prod)).toBe(false);
  });

  it.each([
    ['https://example.com/doc', true],
    ['http://intranet.acme.test/wiki', true],
    ['mailto:bob@acme.test', true],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['smb://share/x', false],
    ['ms-msdt:/id PCWDiagnostic', false],
    ['app://beacon/index.html', false],
  ])('window.open(%s) → denied, external %s', (url, external) => {
    expect(decideWindowOpen(url)).toEqual({ action: 'deny', openExternally: external });
  });
});

describe('isPermissionAllowed', () => {
  it('grants notifications to the app only', () => {
    expect(isPermissionAllowed('notifications', 'app://beacon/index.html', prod)).toBe(true);
    expect(isPermissionAllowed('notifications', 'https://evil.test/', prod)).toBe(false);
  });

  it.each(['media', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen', 'hid', 'midi'])(
    'denies %s',
    (permission) => {
      expect(isPermissionAllowed(permission, 'app://beacon/index.html', prod)).toBe(false);
    },
  );
});

describe('buildContentSecurityPolicy', () => {
  const directive = (csp: string, name: string) =>
    csp
      .split('; ')
      .find((part) => part.startsWith(`${name} `))
      ?.slice(name.length + 1)
      .split(' ') ?? [];

  it('is strict: no inline or eval scripts, no objects, frames or base changes', () => {
    const csp = buildContentSecurityPolicy({ serverUrls: [], allowOtherServers: false, devServerUrl: null });
    expect(directive(csp, 'default-src')).toEqual(["'none'"]);
    expect(directive(csp, 'script-src')).toEqual(["'self'"]);
    expect(directive(csp, 'object-src')).toEqual(["'none'"]);
    expect(directive(csp, 'frame-ancestors')).toEqual(["'none'"]);
    expect(directive(csp, 'base-uri')).toEqual(["'none'"]);
    expect(directive(csp, 'form-action')).toEqual(["'none'"]);
    expect(csp).not.toMatch(/unsafe-eval/);
  });

  it('lets the renderer reach the configured server over http(s) and ws(s)', () => {
    const csp = buildContentSecurityPolicy({
      serverUrls: ['https://chat.acme.test/', 'http://127.0.0.1:7878', null, 'bogus'],
      allowOtherServers: false,
      devServerUrl: null,
    });
    expect(directive(csp, 'connect-src')).toEqual([
      "'self'",
      'https://chat.acme.test',
      'wss://chat.acme.test',
      'http://127.0.0.1:7878',
      'ws://127.0.0.1:7878',
    ]);
    expect(directive(csp, 'img-src')).toContain('https://chat.acme.test');
  });

  it('with a server the user may still choose: any https/wss or local server, but no plain remote http', () => {
    const connect = directive(
      buildContentSecurityPolicy({ serverUrls: [], allowOtherServers: true, devServerUrl: null }),
      'connect-src',
    );
    expect(connect).toEqual(
      expect.arrayContaining(['https:', 'wss:', 'http://localhost:*', 'ws://127.0.0.1:*']),
    );
    expect(connect).not.toContain('http:');
    expect(connect).not.toContain('*');
  });

  it('relaxes scripts for the Vite dev server only in development', () => {
    const csp = buildContentSecurityPolicy({
      serverUrls: [],
      allowOtherServers: false,
      devServerUrl: 'http://localhost:5173/',
    });
    expect(directive(csp, 'script-src')).toContain("'unsafe-eval'");
    expect(directive(csp, 'connect-src')).toContain('ws://localhost:5173');
  });
});

describe('resolveAppFile', () => {
  const root = join(sep, 'app', 'out', 'renderer');

  it('serves files of the renderer with their content type', () => {
    expect(resolveAppFile(root, 'app://beacon/assets/index-abc.js')).toEqual({
      kind: 'file',
      path: join(root, 'assets', 'index-abc.js'),
      contentType: 'text/javascript; charset=utf-8',
    });
    expect(resolveAppFile(root, 'app://beacon/')).toMatchObject({ path: join(root, 'index.html') });
  });

  it('answers index.html for client-side routes', () => {
    expect(resolveAppFile(root, 'app://beacon/conversations/42')).toMatchObject({
      path: join(root, 'index.html'),
    });
  });

  it('keeps dot segments the URL parser resolves inside the renderer', () => {
    expect(resolveAppFile(root, 'app://beacon/%2e%2e/%2e%2e/etc/passwd.txt')).toMatchObject({
      kind: 'file',
      path: join(root, 'etc', 'passwd.txt'),
    });
  });

  it.each([
    'app://beacon/..%2f..%2fmain%2findex.js',
    'app://beacon/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2fsecret.json',
  ])('refuses %s (outside the renderer)', (url) => {
    expect(resolveAppFile(root, url)).toMatchObject({ kind: 'error', status: 403 });
  });

  it('refuses other hosts, bad encodings and writes', () => {
    expect(resolveAppFile(root, 'app://other/index.html')).toMatchObject({ status: 404 });
    expect(resolveAppFile(root, 'app://beacon/%E0%A4%A.js')).toMatchObject({ status: 400 });
    expect(resolveAppFile(root, 'app://beacon/a%00.js')).toMatchObject({ status: 400 });
    expect(resolveAppFile(root, 'app://beacon/index.html', 'POST')).toMatchObject({ status: 405 });
  });
});
