#!/usr/bin/env node
// `npm start`: builds what is missing or stale, starts the embedded demo server, and opens the
// desktop app with that server preset. Where Electron's binary is not installed, says so and
// keeps the server running for the web client instead.
// Extra arguments go to the server, e.g. `npm start -- --port 0` or `npm start -- --data-dir /tmp/b`.
// The demo's data lives in `.data/` at the repository root (or --data-dir / BEACON_DATA_DIR);
// `npm start -- --reset` deletes it first, so the demo starts as new.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const root = join(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const reset = process.argv.includes('--reset');
const serverArgs = process.argv.slice(2).filter((arg) => arg !== '--reset');
const children = new Set();

function say(message) {
  console.log(`[beacon] ${message}`);
}

/** The data dir the server will use: --data-dir, else BEACON_DATA_DIR, else `.data` at the root. */
function demoDataDir() {
  // Relative paths mean the folder `npm start` was run in, as the server resolves them.
  const base = process.env.INIT_CWD ?? process.cwd();
  let flag;
  for (const [index, arg] of serverArgs.entries()) {
    if (arg === '--data-dir') flag = serverArgs[index + 1];
    else if (arg.startsWith('--data-dir=')) flag = arg.slice('--data-dir='.length);
  }
  if (flag) return resolve(base, flag);
  if (process.env.BEACON_DATA_DIR) return resolve(base, process.env.BEACON_DATA_DIR);
  return join(root, '.data');
}

/**
 * `--reset`: deletes the demo's database, and only that: the folder must hold nothing but
 * Beacon's database files, and the database must be the demo organisation's (acme.test).
 */
function resetDemoData(dir) {
  const refuse = (why) => {
    console.error(`[beacon] --reset refused: ${why}. Nothing was deleted.`);
    process.exit(1);
  };
  if (!existsSync(dir)) {
    say(`--reset: ${dir} does not exist; the demo starts fresh anyway.`);
    return;
  }
  const isDatabaseFile = (name) => /^beacon\.db(-wal|-shm|-journal)?$/.test(name);
  const foreign = readdirSync(dir).filter((name) => !isDatabaseFile(name));
  if (foreign.length > 0) refuse(`${dir} holds more than Beacon's database (${foreign.join(', ')})`);
  if (existsSync(join(dir, 'beacon.db'))) {
    let domain = null;
    try {
      const Database = createRequire(join(root, 'server', 'package.json'))('better-sqlite3');
      const db = new Database(join(dir, 'beacon.db'), { readonly: true, fileMustExist: true });
      try {
        domain = db.prepare("SELECT value FROM settings WHERE key = 'org.domain'").pluck().get() ?? null;
      } finally {
        db.close();
      }
    } catch (error) {
      refuse(`${dir}/beacon.db could not be read (${error instanceof Error ? error.message : error})`);
    }
    if (domain !== null && domain !== 'acme.test')
      refuse(`${dir} is the database of ${domain}, not of the demo organisation acme.test`);
  }
  // Reading the database may have added its -wal and -shm files: list the folder again.
  for (const name of readdirSync(dir).filter(isDatabaseFile)) rmSync(join(dir, name), { force: true });
  rmdirSync(dir);
  say(`--reset: deleted the demo data in ${dir}.`);
}

/** Newest modification time of the files under the given folders (node_modules and out excluded). */
function newestSource(folders) {
  let newest = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === 'out' || entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const folder of folders) if (existsSync(join(root, folder))) walk(join(root, folder));
  for (const file of ['electron.vite.config.ts', 'package.json']) {
    if (existsSync(join(root, file))) newest = Math.max(newest, statSync(join(root, file)).mtimeMs);
  }
  return newest;
}

function oldestOutput(files) {
  let oldest = Number.POSITIVE_INFINITY;
  for (const file of files) {
    const path = join(root, file);
    if (!existsSync(path)) return 0;
    oldest = Math.min(oldest, statSync(path).mtimeMs);
  }
  return oldest;
}

function buildIfNeeded() {
  const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts ?? {};
  const outputs = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'];
  if (scripts['build:web']) outputs.push('out/web/index.html');
  const sources = newestSource(['main', 'preload', 'common', 'renderer', 'protocol/src', 'assets']);
  if (oldestOutput(outputs) > sources) {
    say('build is up to date');
    return;
  }
  say('building the app (npm run build)…');
  const result = spawnSync('npm', ['run', 'build'], {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (result.status !== 0) {
    console.error('[beacon] the build failed; see the output above.');
    process.exit(result.status ?? 1);
  }
}

function electronBinary() {
  try {
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

/**
 * Starts the compiled server (`npm run server`'s command: server/dist, built first if it is
 * missing or stale) with `--demo`, and resolves with the URL it prints once it listens.
 */
function startServer() {
  const args = ['--enable-source-maps', 'scripts/run.mjs', 'server', '--demo', ...serverArgs];
  const server = spawn(process.execPath, args, {
    cwd: join(root, 'server'),
    env: { ...process.env, BEACON_DATA_DIR: process.env.BEACON_DATA_DIR ?? join(root, '.data') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(server);
  return new Promise((resolve, reject) => {
    let stderr = '';
    let buffer = '';
    server.stdout.setEncoding('utf8');
    server.stdout.on('data', (chunk) => {
      buffer += chunk;
      const match = /listening on (\S+)/.exec(buffer);
      if (match) resolve({ server, url: match[1] });
    });
    server.stderr.setEncoding('utf8');
    server.stderr.on('data', (chunk) => {
      stderr += chunk;
      // The server logs JSON on stderr; show only warnings and errors here.
      for (const line of chunk.split('\n')) {
        if (/"level":(40|50|60)/.test(line) || (line.trim() !== '' && !line.startsWith('{')))
          process.stderr.write(`${line}\n`);
      }
    });
    server.once('exit', (code, signal) => {
      children.delete(server);
      reject(
        new Error(
          `the demo server stopped (${signal ?? `exit code ${code}`})${stderr ? `:\n${stderr.trim()}` : ''}`,
        ),
      );
    });
  });
}

let stopping = false;
function stopAll(exitCode) {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  // The server shuts down gracefully (it commits what is pending); do not wait forever.
  setTimeout(() => process.exit(exitCode), 5_000).unref();
  if (children.size === 0) process.exit(exitCode);
  let remaining = children.size;
  for (const child of children) {
    child.once('exit', () => {
      remaining--;
      if (remaining === 0) process.exit(exitCode);
    });
  }
}

process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

if (reset) resetDemoData(demoDataDir());
buildIfNeeded();

let started;
try {
  say('starting the demo server…');
  started = await startServer();
} catch (error) {
  console.error(`[beacon] ${error instanceof Error ? error.message : String(error)}`);
  console.error('[beacon] Is the port in use? Try: npm start -- --port 0');
  process.exit(1);
}
const { server, url } = started;
server.once('exit', (code) => {
  if (stopping) return; // Ctrl+C: stopAll waits for it and exits
  console.error(`[beacon] the demo server stopped (exit code ${code}); closing.`);
  stopAll(1);
});
say(`demo server: ${url}  (sign in as alice@acme.test, bob@acme.test, … with password beacon-demo)`);

const electron = electronBinary();
if (electron === null) {
  say("Electron's binary is not installed on this machine (its download failed during the install, or was");
  say('skipped), so the desktop app cannot open here. Once the network allows it: npm run install:electron');
  say(`Use the web client instead: open ${url} in a browser. Press Ctrl+C to stop the server.`);
} else {
  say('opening the desktop app…');
  const env = { ...process.env, BEACON_SERVER_URL: url };
  delete env.ELECTRON_RUN_AS_NODE;
  const app = spawn(electron, [root], { cwd: root, env, stdio: 'inherit' });
  children.add(app);
  app.once('exit', (code) => {
    children.delete(app);
    say('the desktop app closed; stopping the demo server.');
    stopAll(code ?? 0);
  });
}
