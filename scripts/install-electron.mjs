#!/usr/bin/env node
// postinstall: fetches Electron's binary, and lets the install succeed when it cannot.
//
// Electron's own postinstall downloads the binary from GitHub and fails the whole `npm ci`
// where that host is unreachable (offline build machines, locked-down networks). package.json's
// `allowScripts` denies that script, and this one runs the very same `electron/install.js`
// instead: on a normal machine the binary is installed exactly as before; where the download
// fails, the failure is reported in plain words and the install goes on. The `electron` package
// itself (its types, its version for electron-builder) is always installed.
//
// Set BEACON_REQUIRE_ELECTRON=1 to make a failed download fail the install (release machines).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const electronDir = join(root, 'node_modules', 'electron');
const say = (message) => console.log(`[beacon] ${message}`);

if (!existsSync(join(electronDir, 'install.js'))) {
  // `npm ci --omit=dev` (a server-only install): nothing to do.
  process.exit(0);
}
if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
  say("ELECTRON_SKIP_BINARY_DOWNLOAD is set: Electron's binary is not downloaded.");
  process.exit(0);
}

const version = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')).version;
// Ten minutes is plenty for ~100 MB; a proxy that swallows the connection must not hang the install.
const result = spawnSync(process.execPath, ['install.js'], {
  cwd: electronDir,
  encoding: 'utf8',
  timeout: 10 * 60 * 1000,
  stdio: ['ignore', 'inherit', 'pipe'],
});
if (result.status === 0) process.exit(0);

const reason =
  result.error?.message ??
  (result.stderr ?? '')
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line !== '' && !line.startsWith('at ')) ??
  `exit code ${result.status}`;
say(`Electron ${version}'s binary could not be downloaded (${reason}).`);
say('Everything else is installed: `npm start` serves the web client instead of opening the desktop app,');
say('and the desktop tests that need the real binary skip. Once the network allows it, get the binary');
say('with `npm run install:electron`.');
if (process.env.BEACON_REQUIRE_ELECTRON === '1') process.exit(1);
