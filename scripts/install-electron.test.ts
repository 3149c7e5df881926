import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const ELECTRON = join(ROOT, 'node_modules', 'electron');
const version = JSON.parse(readFileSync(join(ELECTRON, 'package.json'), 'utf8')).version as string;

/**
 * A throw-away project with the real postinstall script and a copy of the `electron` package
 * (without its binary), its download code linked from this repository's node_modules.
 */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'beacon-install-'));
  mkdirSync(join(dir, 'scripts'));
  cpSync(join(ROOT, 'scripts', 'install-electron.mjs'), join(dir, 'scripts', 'install-electron.mjs'));
  const modules = join(dir, 'node_modules');
  mkdirSync(join(modules, 'electron'), { recursive: true });
  for (const file of ['package.json', 'install.js', 'index.js', 'checksums.json', 'electron.d.ts']) {
    cpSync(join(ELECTRON, file), join(modules, 'electron', file));
  }
  symlinkSync(join(ROOT, 'node_modules', '@electron'), join(modules, '@electron'));
  symlinkSync(join(ROOT, 'node_modules', 'extract-zip'), join(modules, 'extract-zip'));
  return dir;
}

/** Runs the postinstall as npm would (asynchronously: the mirror answers from this process). */
function runPostinstall(
  dir: string,
  env: Record<string, string>,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const clean = { ...process.env };
  delete clean.ELECTRON_SKIP_BINARY_DOWNLOAD;
  delete clean.BEACON_REQUIRE_ELECTRON;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['scripts/install-electron.mjs'],
      { cwd: dir, env: { ...clean, electron_config_cache: join(dir, 'cache'), ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ status, stdout, stderr });
      },
    );
  });
}

/** A zip holding stored (uncompressed) files, enough for extract-zip. */
function storedZip(files: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const data = Buffer.from(content);
    const nameBytes = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x0314, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE((0o100755 << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const centralSize = centrals.reduce((sum, part) => sum + part.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** A local stand-in for Electron's release host: the platform's zip and its SHASUMS256.txt. */
async function mirror(): Promise<{ server: Server; url: string; requests: string[] }> {
  const zipName = `electron-v${version}-${process.platform}-${process.arch}.zip`;
  const zip = storedZip({ electron: '#!/bin/sh\necho fake electron\n', version: `v${version}` });
  const sums = `${createHash('sha256').update(zip).digest('hex')} *${zipName}\n`;
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(request.url ?? '');
    if (request.url === `/v${version}/${zipName}`) response.end(zip);
    else if (request.url === `/v${version}/SHASUMS256.txt`) response.end(sums);
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, requests };
}

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

describe('scripts/install-electron.mjs (the postinstall)', () => {
  it('installs the binary where the download works, as Electron’s own script would', async () => {
    const dir = project();
    const host = await mirror();
    cleanups.push(
      () => host.server.close(),
      () => rmSync(dir, { recursive: true, force: true }),
    );
    const result = await runPostinstall(dir, {
      ELECTRON_MIRROR: host.url,
      electron_use_remote_checksums: '1',
    });
    expect(result.status, result.stderr).toBe(0);
    expect(host.requests).toContain(`/v${version}/SHASUMS256.txt`);
    const electron = join(dir, 'node_modules', 'electron');
    expect(readFileSync(join(electron, 'path.txt'), 'utf8')).toBe('electron');
    expect(existsSync(join(electron, 'dist', 'electron'))).toBe(true);
    // What `npm start` and the desktop tests ask: the package now names an existing binary.
    const resolved = spawnSync(process.execPath, ['-p', "require('electron')"], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(resolved.stdout.trim()).toBe(join(electron, 'dist', 'electron'));
  });

  it('lets the install succeed, saying so plainly, where the download fails', async () => {
    const dir = project();
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const result = await runPostinstall(dir, { ELECTRON_MIRROR: 'http://127.0.0.1:9/' });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`Electron ${version}'s binary could not be downloaded`);
    expect(result.stdout).toContain('npm run install:electron');
    expect(existsSync(join(dir, 'node_modules', 'electron', 'path.txt'))).toBe(false);
    // The package is still there for the types and electron-builder.
    expect(existsSync(join(dir, 'node_modules', 'electron', 'electron.d.ts'))).toBe(true);
  });

  it('fails the install on request (BEACON_REQUIRE_ELECTRON=1), e.g. on a release machine', async () => {
    const dir = project();
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const result = await runPostinstall(dir, {
      ELECTRON_MIRROR: 'http://127.0.0.1:9/',
      BEACON_REQUIRE_ELECTRON: '1',
    });
    expect(result.status).toBe(1);
  });

  it('skips the download when ELECTRON_SKIP_BINARY_DOWNLOAD is set', async () => {
    const dir = project();
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const result = await runPostinstall(dir, {
      ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
      ELECTRON_MIRROR: 'http://127.0.0.1:9/',
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('not downloaded');
  });
});
