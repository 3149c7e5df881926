#!/usr/bin/env node
// The server's production build: `src/cli/server.ts` and `src/cli/admin.ts` with the TypeScript
// they import, bundled by esbuild into `dist/` as plain ESM for Node 20 (the npm dependencies stay
// in node_modules), so the running server needs no TypeScript loader. About 0.2 s.
//   node scripts/build.mjs              always builds
//   node scripts/build.mjs --if-stale   builds only when dist/ is missing or older than its sources
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

const SERVER_DIR = join(import.meta.dirname, '..');
const REPO_ROOT = join(SERVER_DIR, '..');
export const DIST_DIR = join(SERVER_DIR, 'dist');
const ENTRY_POINTS = { server: 'src/cli/server.ts', admin: 'src/cli/admin.ts' };

/**
 * Only Beacon's own code is bundled (server/src and the workspace package @beacon/protocol, whose
 * package.json points at TypeScript); every npm dependency stays in node_modules and is loaded
 * by Node as usual. Measured on the idle demo server (bench/README.md, "Idle memory"), this
 * holds about 5 MiB less RSS than bundling the dependencies as well: V8 then parses one 3 MB
 * script, and the allocator keeps what that parse used. It also keeps native addons (better-sqlite3,
 * sharp, pg) and packages that read files beside themselves working without a list to maintain.
 */
const dependenciesStayExternal = {
  name: 'dependencies-stay-external',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.kind === 'entry-point' || args.path.startsWith('@beacon/')) return undefined;
      return { external: true };
    });
  },
};

/** What the bundle is made of (the dependencies are not in it): a change here makes dist/ stale. */
const SOURCE_DIRS = [join(SERVER_DIR, 'src'), join(REPO_ROOT, 'protocol', 'src')];
const SOURCE_FILES = [join(SERVER_DIR, 'package.json'), join(import.meta.dirname, 'build.mjs')];

/** The entry points' output files. */
export const OUTPUTS = Object.keys(ENTRY_POINTS).map((name) => join(DIST_DIR, `${name}.js`));

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (!entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * True when an output is missing or older than the newest source: a file in `sourceDirs`
 * (tests excluded, they are not bundled) or one of `sourceFiles`. A missing source counts as old.
 */
export function isStale({ outputs, sourceDirs, sourceFiles }) {
  let oldestOutput = Number.POSITIVE_INFINITY;
  for (const file of outputs) {
    if (!existsSync(file)) return true;
    oldestOutput = Math.min(oldestOutput, statSync(file).mtimeMs);
  }
  let newestSource = 0;
  for (const dir of sourceDirs) if (existsSync(dir)) newestSource = Math.max(newestSource, newestMtime(dir));
  for (const file of sourceFiles)
    if (existsSync(file)) newestSource = Math.max(newestSource, statSync(file).mtimeMs);
  return newestSource > oldestOutput;
}

/** True when dist/ is missing or older than server/src, protocol/src or the dependencies. */
export function serverBuildIsStale() {
  return isStale({ outputs: OUTPUTS, sourceDirs: SOURCE_DIRS, sourceFiles: SOURCE_FILES });
}

/**
 * Bundling moves code from `src/…/x.ts` to `dist/server.js`, which would break paths resolved
 * against the module's own location (`new URL('../../out/web', import.meta.url)`, a
 * `createRequire(import.meta.url)` of package.json): in Beacon's own sources `import.meta.url`,
 * `.dirname` and `.filename` become the original source file's, so those paths stay what they were.
 */
const keepSourceLocations = {
  name: 'keep-source-locations',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      if (/[\\/]node_modules[\\/]/.test(args.path)) return undefined;
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes('import.meta.')) return { contents: source, loader: 'ts' };
      const contents = source
        .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
        .replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path)))
        .replaceAll('import.meta.filename', JSON.stringify(args.path));
      return { contents, loader: 'ts' };
    });
  },
};

/**
 * Builds dist/ (or `outdir`) and returns how long it took (ms). Each file is replaced atomically
 * (two nodes may start at once).
 */
export async function buildServer({ outdir = DIST_DIR } = {}) {
  const started = performance.now();
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    absWorkingDir: SERVER_DIR,
    entryPoints: ENTRY_POINTS,
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    // A dynamic import() of Beacon's own code becomes a chunk of its own, loaded when it runs,
    // together with the packages it imports: without splitting those would load at start-up.
    // Chunks are named by their content, so a rebuild never changes a chunk that a server still
    // running the previous build may import later.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    sourcemap: 'linked',
    // Stack traces need the mappings, not a second copy of every source file.
    sourcesContent: false,
    // Without comments the source V8 keeps for lazy compilation is smaller, and ASCII only (one
    // "—" in a comment would make it a two-byte string): 0.7 MiB less heap, measured.
    minifyWhitespace: true,
    minifySyntax: true,
    plugins: [dependenciesStayExternal, keepSourceLocations],
    write: false,
    logLevel: 'warning',
  });
  // The esbuild service is a child process: the server that goes on running does not need it.
  await esbuild.stop();
  // Chunks first: an entry point must never name a chunk that is not there yet.
  const entries = Object.keys(ENTRY_POINTS).map((name) => join(outdir, `${name}.js`));
  const isEntry = (path) => entries.some((entry) => path === entry || path === `${entry}.map`);
  const files = [...result.outputFiles].sort((a, b) => Number(isEntry(a.path)) - Number(isEntry(b.path)));
  for (const file of files) {
    mkdirSync(dirname(file.path), { recursive: true });
    const temporary = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temporary, file.contents);
    renameSync(temporary, file.path);
  }
  return performance.now() - started;
}

async function buildAndSay() {
  const ms = await buildServer();
  // On stderr: stdout is the server's.
  process.stderr.write(
    `beacon: built ${relative(process.cwd(), DIST_DIR) || 'dist'} in ${Math.round(ms)} ms\n`,
  );
}

/** Builds dist/ when it is missing or stale. */
export async function ensureServerBuild() {
  if (serverBuildIsStale()) await buildAndSay();
}

if (process.argv[1] === import.meta.filename) {
  if (process.argv.includes('--if-stale')) await ensureServerBuild();
  else await buildAndSay();
}
