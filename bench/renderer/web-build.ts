import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface WebBuild {
  webRoot: string;
  /** How the build was obtained, for the report. */
  origin: 'out/web' | 'built into out/web' | 'private build' | 'private unminified build' | 'given';
  /** Removes a private build. */
  dispose(): void;
}

const RENDERER_INPUTS = ['renderer', 'common', 'protocol/src'];

function newestSourceTime(repoRoot: string): number {
  let newest = 0;
  const visit = (path: string) => {
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) if (entry !== 'node_modules') visit(join(path, entry));
    } else if (!/\.test\.tsx?$/.test(path)) {
      newest = Math.max(newest, stat.mtimeMs);
    }
  };
  for (const input of RENDERER_INPUTS) {
    const path = join(repoRoot, input);
    if (existsSync(path)) visit(path);
  }
  return newest;
}

function viteBuild(repoRoot: string, extraArgs: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        join(repoRoot, 'node_modules/vite/bin/vite.js'),
        'build',
        '--config',
        'renderer/vite.config.ts',
        '--logLevel',
        'warn',
        ...extraArgs,
      ],
      { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] },
    );
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`vite build exited with ${code}`)),
    );
  });
}

/**
 * The web client to serve. `out/web` when it exists and is newer than every renderer source; built
 * there when missing. When it is stale (someone edited the renderer since), or on request, the
 * benchmark builds into a private temporary folder instead, so it never measures old code and never
 * swaps files under another process serving `out/web`.
 */
export async function ensureWebBuild(
  repoRoot: string,
  options: { rebuild: boolean; unminified: boolean; webRoot: string | null },
): Promise<WebBuild> {
  if (options.webRoot) {
    if (!existsSync(join(options.webRoot, 'index.html'))) {
      throw new Error(`--web-root ${options.webRoot} has no index.html: not a web build`);
    }
    return { webRoot: options.webRoot, origin: 'given', dispose: () => undefined };
  }
  const shared = join(repoRoot, 'out/web');
  const sharedIndex = join(shared, 'index.html');
  const keep = () => undefined;
  if (!options.rebuild && !options.unminified) {
    if (!existsSync(sharedIndex)) {
      await viteBuild(repoRoot, []);
      return { webRoot: shared, origin: 'built into out/web', dispose: keep };
    }
    if (statSync(sharedIndex).mtimeMs >= newestSourceTime(repoRoot)) {
      return { webRoot: shared, origin: 'out/web', dispose: keep };
    }
  }
  const privateRoot = mkdtempSync(join(tmpdir(), 'beacon-bench-web-'));
  await viteBuild(repoRoot, [
    '--outDir',
    privateRoot,
    '--emptyOutDir',
    ...(options.unminified ? ['--minify', 'false'] : []),
  ]);
  return {
    webRoot: privateRoot,
    origin: options.unminified ? 'private unminified build' : 'private build',
    dispose: () => rmSync(privateRoot, { recursive: true, force: true }),
  };
}
