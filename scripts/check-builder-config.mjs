#!/usr/bin/env node
// Validates electron-builder.yml against electron-builder's own JSON schema
// (node_modules/app-builder-lib/scheme.json), then checks the project's packaging rules:
// the targets we promise, the files it references, and that only the built app is packed.
// When the app is built (out/), it also packs it for real (Linux `dir` target, with a
// stand-in Electron: no download) and checks what lands in app.asar.
// Usage: node scripts/check-builder-config.mjs [path/to/electron-builder.yml]
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import Ajv from 'ajv';
import yaml from 'js-yaml';

const root = resolve(import.meta.dirname, '..');
const configPath = resolve(process.argv[2] ?? join(root, 'electron-builder.yml'));
const require = createRequire(import.meta.url);
const schemaPath = require.resolve('app-builder-lib/scheme.json');
const builderVersion = JSON.parse(readFileSync(join(dirname(schemaPath), 'package.json'), 'utf8')).version;

const problems = [];

let config;
try {
  config = yaml.load(readFileSync(configPath, 'utf8'), { filename: configPath });
} catch (error) {
  console.error(`✗ ${configPath}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

// 1. The schema electron-builder itself validates with.
const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
if (!validate(config)) {
  for (const error of validate.errors ?? []) {
    const where = error.instancePath || '(top level)';
    const extra = error.keyword === 'additionalProperties' ? ` "${error.params.additionalProperty}"` : '';
    problems.push(`schema: ${where} ${error.message}${extra}`);
  }
}

// 2. What Beacon's packaging promises (issue: Windows NSIS, macOS dmg+zip hardened, Linux AppImage+deb).
const targetsOf = (platform) =>
  (Array.isArray(config?.[platform]?.target) ? config[platform].target : [config?.[platform]?.target])
    .filter(Boolean)
    .map((target) => (typeof target === 'string' ? target : target.target));
const expect = (condition, message) => {
  if (!condition) problems.push(message);
};

expect(config?.appId === 'org.beacon.desktop', 'appId must be org.beacon.desktop');
expect(config?.productName === 'Beacon', 'productName must be Beacon');
expect(targetsOf('win').includes('nsis'), 'win.target must include nsis');
expect(
  targetsOf('mac').includes('dmg') && targetsOf('mac').includes('zip'),
  'mac.target must include dmg and zip',
);
expect(
  targetsOf('linux').includes('AppImage') && targetsOf('linux').includes('deb'),
  'linux.target must include AppImage and deb',
);
expect(config?.mac?.hardenedRuntime === true, 'mac.hardenedRuntime must be true');
expect(typeof config?.mac?.entitlements === 'string', 'mac.entitlements must name an entitlements file');

// 3. Only the built app goes in: out/{main,preload,renderer}, package.json and the native OS-focus modules.
const files = Array.isArray(config?.files) ? config.files : [];
const includes = files.filter((pattern) => typeof pattern === 'string' && !pattern.startsWith('!'));
// The only node_modules shipped: the optional OS-focus native modules and their two helpers.
const NATIVE_MODULES = ['windows-focus-assist', 'windows-notification-state', 'macos-notification-state'];
const NATIVE_HELPERS = ['bindings', 'file-uri-to-path'];
const allowedIncludes = new Set([
  'out/main/**',
  'out/preload/**',
  'out/renderer/**',
  'package.json',
  `node_modules/{${NATIVE_MODULES.join(',')}}/{package.json,lib/*.js,build/Release/*.node}`,
  'node_modules/bindings/{package.json,bindings.js}',
  'node_modules/file-uri-to-path/{package.json,index.js}',
]);
const allowed = { test: (pattern) => allowedIncludes.has(pattern) };
for (const pattern of includes) {
  expect(allowed.test(pattern), `files: "${pattern}" would pack more than the built app`);
}
expect(files.includes('!node_modules{,/**/*}'), 'files must exclude node_modules ("!node_modules{,/**/*}")');
expect(files.some((pattern) => typeof pattern !== 'string') === false, 'files: use plain patterns only');
const serialized = JSON.stringify(config);
expect(!/server\//.test(serialized), 'the configuration must not reference server/');
expect(
  config?.npmRebuild === true,
  'npmRebuild must be true: the OS-focus native modules are rebuilt for each target CPU',
);

// 4. Every referenced file exists.
const referenced = [
  config?.win?.icon,
  config?.mac?.icon,
  config?.mac?.entitlements,
  config?.mac?.entitlementsInherit,
  config?.linux?.icon,
  ...(config?.extraResources ?? []).map((entry) => (typeof entry === 'string' ? entry : entry.from)),
].filter(Boolean);
for (const path of referenced)
  expect(existsSync(join(root, path)), `missing file referenced by the config: ${path}`);

// 5. package.json: the entry point the build produces; electron only as a devDependency.
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const main = config?.extraMetadata?.main ?? pkg.main;
expect(main === 'out/main/index.js', `the app entry must be out/main/index.js (is ${main})`);
expect(!pkg.dependencies?.electron, 'electron must be a devDependency, not a dependency');
expect(!pkg.dependencies?.['@beacon/server'], '@beacon/server must never be a dependency of the desktop app');

if (problems.length > 0) {
  console.error(`✗ ${configPath} (electron-builder ${builderVersion} schema):`);
  for (const problem of problems) console.error(`  - ${problem}`);
  process.exit(1);
}
console.log(`✓ ${configPath} is valid for electron-builder ${builderVersion}`);

// 6. A trial packaging of the built app, when there is one.
const built = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'].every((file) =>
  existsSync(join(root, file)),
);
if (!built) {
  console.log('- trial packaging skipped: the app is not built (npm run build:electron)');
  process.exit(0);
}
const packed = await trialPackage(config);
const shippedModules = [...NATIVE_MODULES, ...NATIVE_HELPERS].join('|');
const inAsar = new RegExp(
  `^/(out/(main|preload|renderer)(/.*)?|out|package\\.json|node_modules|node_modules/(${shippedModules})(/.*)?)$`,
);
const unexpected = packed.files.filter((file) => !inAsar.test(file));
const missing = [
  '/out/main/index.js',
  '/out/preload/index.cjs',
  '/out/renderer/index.html',
  '/package.json',
  // Each native module installed here (optional: absent where it failed to build) must be packed.
  ...NATIVE_MODULES.filter((name) => existsSync(join(root, 'node_modules', name, 'package.json'))).map(
    (name) => `/node_modules/${name}/package.json`,
  ),
].filter((file) => !packed.files.includes(file));
const trayIcons = packed.resources.filter((file) => file.startsWith('assets/tray/')).length;
const overlayIcons = packed.resources.filter((file) => file.startsWith('assets/overlay/')).length;
const appIcon = packed.resources.includes('assets/icon.png');
if (unexpected.length > 0 || missing.length > 0 || trayIcons === 0 || overlayIcons === 0 || !appIcon) {
  console.error('✗ trial packaging:');
  for (const file of unexpected.slice(0, 20)) console.error(`  - unexpected in app.asar: ${file}`);
  for (const file of missing) console.error(`  - missing from app.asar: ${file}`);
  if (trayIcons === 0) console.error('  - no tray icons in resources/assets/tray');
  if (overlayIcons === 0) console.error('  - no overlay icons in resources/assets/overlay');
  if (!appIcon) console.error('  - no resources/assets/icon.png');
  process.exit(1);
}
console.log(
  `✓ trial packaging: app.asar holds ${packed.files.filter((f) => !f.endsWith('/')).length} entries, all under out/{main,preload,renderer}, package.json or the OS-focus modules (${(packed.asarBytes / 1024).toFixed(0)} KiB); ${trayIcons} tray and ${overlayIcons} overlay icons in resources`,
);

/** Packs for Linux `dir` with a stand-in Electron binary; returns the asar listing and resources. */
async function trialPackage(configuration) {
  const { build, Platform } = await import('electron-builder');
  const asar = require(require.resolve('@electron/asar', { paths: [dirname(schemaPath)] }));
  const work = mkdtempSync(join(tmpdir(), 'beacon-pack-'));
  try {
    const electronDist = join(work, 'electron');
    mkdirSync(join(electronDist, 'resources'), { recursive: true });
    writeFileSync(join(electronDist, 'electron'), '#!/bin/sh\n');
    chmodSync(join(electronDist, 'electron'), 0o755);
    const output = join(work, 'dist');
    const trialConfig = join(work, 'electron-builder.trial.json');
    writeFileSync(
      trialConfig,
      JSON.stringify({
        ...configuration,
        electronFuses: null,
        // Rebuilding needs Electron's headers from the network; the modules built for Node will do here.
        npmRebuild: false,
        electronDist,
        directories: { ...configuration.directories, output },
      }),
    );
    // Fuses patch a real Electron binary; the stand-in has none, so they are left out here.
    await build({
      projectDir: root,
      targets: Platform.LINUX.createTarget('dir'),
      publish: 'never',
      // A file, not an object: an object is merged into the project's electron-builder.yml, which
      // doubles every array (extraResources copied twice: EEXIST with CI's hard links).
      config: trialConfig,
    });
    const resources = join(output, 'linux-unpacked', 'resources');
    const asarPath = join(resources, 'app.asar');
    const { readdirSync, statSync } = await import('node:fs');
    const listResources = (dir, prefix = '') =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory()
          ? listResources(join(dir, entry.name), `${prefix}${entry.name}/`)
          : [`${prefix}${entry.name}`],
      );
    return {
      files: asar.listPackage(asarPath, { isPack: false }),
      resources: listResources(resources),
      asarBytes: statSync(asarPath).size,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
