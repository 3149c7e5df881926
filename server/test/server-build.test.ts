import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, DIST_DIR, isStale } from '../scripts/build.mjs';

const REPO_ROOT = resolve(import.meta.dirname, '../..');
/** Packages the server imports only when a feature first needs them (not at start-up). */
const LAZY_PACKAGES = [
  'sharp',
  'file-type',
  '@asteasolutions/zod-to-openapi',
  'pg',
  'ioredis',
  '@socket.io/redis-streams-adapter',
  'rate-limiter-flexible',
];

// A build of its own inside server/dist (the dependencies resolve from server/node_modules up).
const outdir = join(DIST_DIR, `test-${process.pid}`);
const dataDir = mkdtempSync(join(tmpdir(), 'beacon-build-test-'));

beforeAll(async () => {
  await buildServer({ outdir });
});
afterAll(() => {
  rmSync(outdir, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

/** The packages and files a module imports statically (minified ESM: `from"x"`, `import"x"`). */
function staticImports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  return [...source.matchAll(/(?:\bfrom|\bimport)\s*"([^"]+)"/g)].map((match) => match[1] ?? '');
}

/** Every package loaded before the first line of the server runs: through the static chunk graph. */
function packagesLoadedAtStart(entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const specifier of staticImports(file)) {
      if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier));
      else packages.add(specifier);
    }
  };
  visit(entry);
  return packages;
}

function waitForListening(child: ChildProcess): Promise<string> {
  return new Promise((resolveUrl, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /listening on (\S+)/.exec(stdout);
      if (match?.[1]) resolveUrl(match[1]);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`the compiled server exited (${code}):\n${stderr}`)));
  });
}

describe('the server build (server/scripts/build.mjs)', () => {
  it('runs the server and the admin CLI under plain node, with no TypeScript loader', () => {
    for (const [entry, usage] of [
      ['server.js', 'Usage: npm run server'],
      ['admin.js', 'Usage: npm run admin'],
    ] as const) {
      const result = spawnSync(process.execPath, ['--enable-source-maps', join(outdir, entry), '--help'], {
        encoding: 'utf8',
        env: { ...process.env, NODE_OPTIONS: '' },
      });
      expect(result.stderr).toBe('');
      expect(result.stdout).toContain(usage);
      expect(result.status).toBe(0);
    }
  });

  it('starts with none of the lazily loaded packages imported', () => {
    const atStart = packagesLoadedAtStart(join(outdir, 'server.js'));
    expect(atStart).toContain('fastify');
    expect(atStart).toContain('better-sqlite3');
    for (const lazy of LAZY_PACKAGES) expect(atStart).not.toContain(lazy);
  });

  it("resolves paths against the source file's location, not the bundle's", () => {
    // app.ts finds the web client as new URL('../../out/web', import.meta.url).
    const bundle = readFileSync(join(outdir, 'server.js'), 'utf8');
    expect(bundle).toContain(JSON.stringify(pathToFileURL(join(REPO_ROOT, 'server/src/app.ts')).href));
    expect(bundle).not.toContain('import.meta.url');
  });

  it('serves /api/health, /api/openapi.json (from its lazily loaded chunk) and the web client', async () => {
    const child = spawn(
      process.execPath,
      [
        '--enable-source-maps',
        join(outdir, 'server.js'),
        '--demo',
        '--data-dir',
        dataDir,
        '--port',
        '0',
        '--clamd-socket',
        'none',
        '--log-level',
        'warn',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      const url = await waitForListening(child);
      expect((await fetch(`${url}/api/health`)).status).toBe(200);
      const openapi = await fetch(`${url}/api/openapi.json`);
      expect(openapi.status).toBe(200);
      expect(((await openapi.json()) as { openapi: string }).openapi).toBe('3.1.0');
      if (existsSync(join(REPO_ROOT, 'out/web/index.html'))) {
        const page = await fetch(`${url}/`);
        expect(page.status).toBe(200);
        expect(page.headers.get('content-type')).toContain('text/html');
      }
    } finally {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    }
  });
});

describe('isStale', () => {
  const root = mkdtempSync(join(tmpdir(), 'beacon-stale-'));
  const src = join(root, 'src');
  const output = join(root, 'dist/server.js');
  const layout = { outputs: [output], sourceDirs: [src], sourceFiles: [join(root, 'package.json')] };
  const at = (file: string, seconds: number) => utimesSync(file, seconds, seconds);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('is stale when an output is missing, fresh when the outputs are newer than every source', () => {
    mkdirSync(join(src, 'cli'), { recursive: true });
    writeFileSync(join(src, 'cli/server.ts'), '');
    writeFileSync(join(root, 'package.json'), '{}');
    at(join(src, 'cli/server.ts'), 1_000);
    at(join(root, 'package.json'), 1_000);
    expect(isStale(layout)).toBe(true);
    mkdirSync(dirname(output), { recursive: true });
    writeFileSync(output, '');
    at(output, 2_000);
    expect(isStale(layout)).toBe(false);
  });

  it('is stale when a source in a nested folder or a listed file is newer; tests do not count', () => {
    writeFileSync(join(src, 'cli/server.test.ts'), '');
    at(join(src, 'cli/server.test.ts'), 3_000);
    expect(isStale(layout)).toBe(false);
    at(join(src, 'cli/server.ts'), 3_000);
    expect(isStale(layout)).toBe(true);
    at(join(src, 'cli/server.ts'), 1_000);
    at(join(root, 'package.json'), 3_000);
    expect(isStale(layout)).toBe(true);
  });
});
