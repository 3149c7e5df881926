import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BUILT_FILES, ROOT } from './harness';

const SOURCES = ['main', 'preload', 'common', 'renderer/src', 'renderer/index.html', 'protocol/src'];

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.endsWith('.test.ts') || entry.endsWith('.test.tsx')) continue;
    latest = Math.max(latest, newest(join(path, entry)));
  }
  return latest;
}

/** The suite tests the built bundle: build it when it is missing or older than its sources. */
export default function setup(): void {
  if (process.env.MAIN_PROCESS_APP_DIR) return;
  const built = BUILT_FILES.map((file) => join(ROOT, file));
  const oldestBuild = Math.min(...built.map((file) => (existsSync(file) ? statSync(file).mtimeMs : 0)));
  const newestSource = Math.max(...SOURCES.map((source) => newest(join(ROOT, source))));
  if (oldestBuild > newestSource) return;
  console.log('main-process suite: building the desktop app (npm run build:electron)…');
  execFileSync('npm', ['run', 'build:electron'], { cwd: ROOT, stdio: 'inherit' });
}
