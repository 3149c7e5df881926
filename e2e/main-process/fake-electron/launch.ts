/**
 * Runs an Electron app's built main process under plain Node with the fake Electron:
 *
 *   node --import tsx e2e/main-process/fake-electron/launch.ts <app folder> [args…]
 *
 * Like `electron <app folder>`: reads the folder's package.json `main` and imports that file
 * unmodified. `import 'electron'` (an ESM resolve hook) and `require('electron')` (a CommonJS
 * resolution hook) both get the same fake. `ready` follows once the main script has run, or
 * when the test says so (FAKE_ELECTRON_DEFER_READY=1).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import Module, { register } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type ControlReply, type ControlRequest, controlOperations } from './control';
import { installFakeOs } from './os-modules';
import { FAKE_ELECTRON, FakeElectronRuntime } from './runtime';

const [appFolder, ...appArgs] = process.argv.slice(2);
if (!appFolder) throw new Error('usage: launch.ts <app folder> [args…]');
const appPath = resolve(appFolder);
const home = process.env.FAKE_ELECTRON_HOME;
if (!home) throw new Error('FAKE_ELECTRON_HOME must name the fake user home');

const runtime = new FakeElectronRuntime({
  appPath,
  home,
  isPackaged: process.env.FAKE_ELECTRON_PACKAGED === '1',
});
(globalThis as Record<symbol, unknown>)[FAKE_ELECTRON] = runtime.api;

register('./electron-hooks.mjs', import.meta.url);
const cjsFake = fileURLToPath(new URL('./electron-cjs.cjs', import.meta.url));
const fakeOs = installFakeOs();
const osModuleFiles = new Map(
  Object.keys(fakeOs.modules).map((name) => [
    name,
    fileURLToPath(new URL(`./os-${name}.cjs`, import.meta.url)),
  ]),
);
const moduleInternals = Module as unknown as {
  _resolveFilename(request: string, ...rest: unknown[]): string;
};
const originalResolve = moduleInternals._resolveFilename;
moduleInternals._resolveFilename = function resolveElectron(request: string, ...rest: unknown[]) {
  if (request === 'electron') return cjsFake;
  const osModule = osModuleFiles.get(request);
  if (osModule) return osModule;
  return originalResolve.call(this, request, ...rest);
};

// FAKE_ELECTRON_PLATFORM=win32|darwin plays another OS for the app's own platform branches
// (Node's path module and the file system stay this machine's).
const platform = process.env.FAKE_ELECTRON_PLATFORM;
if (platform) Object.defineProperty(process, 'platform', { value: platform });

// Electron's argv: the executable, the app folder, then the app's own arguments.
process.argv = [process.execPath, appPath, ...appArgs];

// The last state, for tests that check what quitting left behind.
process.on('exit', () => {
  writeFileSync(join(home, `final-state-${process.pid}.json`), JSON.stringify(runtime.snapshot()));
});

const operations = controlOperations(runtime, fakeOs.state);
process.on('message', async (request: ControlRequest) => {
  let reply: ControlReply;
  try {
    const operation = operations[request.op];
    if (!operation) throw new Error(`unknown control operation ${request.op}`);
    const value = await (operation as (...args: unknown[]) => unknown)(...request.args);
    reply = { id: request.id, ok: true, value: value === undefined ? null : value };
  } catch (error) {
    reply = { id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  process.send?.(reply);
});

const pkg = JSON.parse(readFileSync(join(appPath, 'package.json'), 'utf8')) as { main?: string };
await import(pathToFileURL(join(appPath, pkg.main ?? 'index.js')).href);
if (process.env.FAKE_ELECTRON_DEFER_READY !== '1') setImmediate(() => runtime.app.emitReady());
process.send?.({ launched: true });
