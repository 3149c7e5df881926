#!/usr/bin/env node
// `npm run server` / `npm run admin`: builds dist/ if it is missing or stale, then runs the
// compiled entry point in this same process (one process: signals reach the server directly).
//   node --enable-source-maps scripts/run.mjs server|admin [arguments…]
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST_DIR, serverBuildIsStale } from './build.mjs';

const ENTRIES = ['server', 'admin'];
const entry = process.argv[2];
if (!ENTRIES.includes(entry)) {
  process.stderr.write(`usage: node scripts/run.mjs ${ENTRIES.join('|')} [arguments…]\n`);
  process.exit(2);
}
if (serverBuildIsStale()) {
  // In a process of its own, so that esbuild is never loaded into the server's.
  const build = spawnSync(process.execPath, [join(import.meta.dirname, 'build.mjs')], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
// The entry point reads its own arguments from process.argv.slice(2).
process.argv.splice(2, 1);
await import(pathToFileURL(join(DIST_DIR, `${entry}.js`)).href);
