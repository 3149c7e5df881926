import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './server-process';

const BUILD_INDEX = join(REPO_ROOT, 'out/web/index.html');
const SOURCES = ['renderer', 'common', 'protocol/src'];

function newestChange(path: string): number {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestChange(join(path, entry)));
  }
  return newest;
}

/** Builds the web client (`npm run build:web`) unless out/web is newer than every renderer source. */
export function ensureWebBuild(): void {
  if (existsSync(BUILD_INDEX)) {
    const built = statSync(BUILD_INDEX).mtimeMs;
    const sources = Math.max(
      ...SOURCES.map((dir) => join(REPO_ROOT, dir))
        .filter(existsSync)
        .map(newestChange),
    );
    if (built >= sources) return;
  }
  const result = spawnSync('npm', ['run', 'build:web'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('The web client did not build (npm run build:web).');
}
