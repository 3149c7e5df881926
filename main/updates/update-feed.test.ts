import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import {
  type ClientRequest,
  createServer,
  request as httpRequest,
  type RequestOptions,
  type Server,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type CancellationToken,
  configureRequestOptions,
  configureRequestUrl,
  type DownloadOptions,
  HttpExecutor,
} from 'builder-util-runtime';
import electronUpdater from 'electron-updater';
import type { AppAdapter } from 'electron-updater/out/AppAdapter';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeScheduler, RecordingLogger } from '../testing/fakes';
import { UpdateService } from './update-service';

/**
 * The update check against a local HTTP feed with the REAL electron-updater classes
 * (AppImageUpdater + GenericProvider, its YAML parsing, version comparison, download and
 * sha512 check). Importing electron-updater does not load 'electron' (it is required lazily);
 * the two Electron-bound pieces are replaced through electron-updater's own seams:
 * - the app: an AppAdapter passed to the constructor (version 0.1.0, packaged, temp paths);
 * - the transport: Electron's `net` executor (only created when no AppAdapter is given) by
 *   Node's http, the way electron-builder's own NodeHttpExecutor does it.
 * No vi.mock, no alias.
 */

const { AppImageUpdater } = electronUpdater;

class NodeHttpExecutor extends HttpExecutor<ClientRequest> {
  createRequest(options: RequestOptions, callback: (response: unknown) => void): ClientRequest {
    // A fresh connection per request (the executor adds a timeout listener to each socket).
    return httpRequest({ ...options, agent: false }, callback);
  }

  /** As ElectronHttpExecutor.download, over Node's http. */
  download(url: URL, destination: string, options: DownloadOptions): Promise<string> {
    return (options.cancellationToken as CancellationToken).createPromise<string>(
      (resolve, reject, onCancel) => {
        const requestOptions: RequestOptions = { headers: options.headers || undefined };
        configureRequestUrl(url, requestOptions);
        configureRequestOptions(requestOptions);
        this.doDownload(
          requestOptions,
          {
            destination,
            options,
            onCancel,
            callback: (error) => (error == null ? resolve(destination) : reject(error)),
            responseHandler: null,
          },
          0,
        );
      },
    );
  }
}

interface Route {
  status: number;
  body: string | Buffer;
}

let server: Server;
let base: string;
const routes = new Map<string, Route>();
const requests: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    requests.push(path);
    const route = routes.get(path) ?? { status: 404, body: 'not found' };
    response.writeHead(route.status, { 'content-type': 'application/octet-stream' });
    response.end(route.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
let dir: string;

beforeEach(async () => {
  routes.clear();
  requests.length = 0;
  unhandled.length = 0;
  process.on('unhandledRejection', onUnhandled);
  dir = await mkdtemp(join(tmpdir(), 'beacon-update-'));
  // The running AppImage electron-updater replaces (it only checks where APPIMAGE is set).
  const current = join(dir, 'Beacon-0.1.0.AppImage');
  await writeFile(current, 'old build');
  vi.stubEnv('APPIMAGE', current);
});

afterEach(async () => {
  // Give stray promises a turn to surface as unhandled rejections.
  await new Promise((resolve) => setTimeout(resolve, 20));
  process.off('unhandledRejection', onUnhandled);
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
  expect(unhandled).toEqual([]);
});

/** The channel file for each OS electron-updater may run on (the test passes on any). */
const CHANNEL_FILES = ['latest-linux.yml', 'latest.yml', 'latest-mac.yml'];

function serveFeed(folder: string, body: string, status = 200): void {
  for (const file of CHANNEL_FILES) routes.set(`${folder}/${file}`, { status, body });
}

function feedYaml(version: string, artifact: Buffer = Buffer.from(`build ${version}`)): string {
  const sha512 = createHash('sha512').update(artifact).digest('base64');
  const file = `Beacon-${version}.AppImage`;
  return [
    `version: ${version}`,
    'files:',
    `  - url: ${file}`,
    `    sha512: ${sha512}`,
    `    size: ${artifact.length}`,
    `path: ${file}`,
    `sha512: ${sha512}`,
    "releaseDate: '2025-01-06T10:00:00.000Z'",
    '',
  ].join('\n');
}

async function realUpdater(options: { buildFeed?: string } = {}) {
  // What electron-builder's `publish` writes into the package (resources/app-update.yml).
  const appUpdateConfigPath = join(dir, 'app-update.yml');
  await writeFile(
    appUpdateConfigPath,
    `provider: generic\nurl: ${options.buildFeed ?? `${base}/build`}\nupdaterCacheDirName: beacon-updater\n`,
  );
  await mkdir(join(dir, 'userData'), { recursive: true });
  const app: AppAdapter = {
    version: '0.1.0',
    name: 'Beacon',
    isPackaged: true,
    appUpdateConfigPath,
    userDataPath: join(dir, 'userData'),
    baseCachePath: join(dir, 'cache'),
    whenReady: () => Promise.resolve(),
    relaunch: () => undefined,
    quit: () => undefined,
    onQuit: () => undefined,
  };
  const updater = new AppImageUpdater(null, app);
  // Electron's net executor is only made without an AppAdapter; Node's http stands in.
  Object.assign(updater, { httpExecutor: new NodeHttpExecutor() });
  updater.disableDifferentialDownload = true;
  return updater;
}

async function serviceWith(feedUrl: string | null, autoDownload = false, buildFeed?: string) {
  const updater = await realUpdater({ buildFeed });
  const log = new RecordingLogger();
  const scheduler = new FakeScheduler();
  const service = new UpdateService({
    createUpdater: () => updater,
    scheduler,
    log,
    feedUrl,
    autoDownload,
    checkEveryMs: 60 * 60 * 1000,
  });
  return { service, updater, log, scheduler };
}

describe('automatic updates against a local feed (real electron-updater)', () => {
  it('no update: the feed has the current version', async () => {
    serveFeed('/policy', feedYaml('0.1.0'));
    const { service, log } = await serviceWith(`${base}/policy/`);
    service.apply({ enabled: true });
    expect(await service.pendingCheck).toEqual({ kind: 'up-to-date', latest: '0.1.0' });
    expect(log.messages('info')).toContain('update check: up to date');
    expect(requests.some((path) => CHANNEL_FILES.some((file) => path === `/policy/${file}`))).toBe(true);
  });

  it('update available: the version is reported (autoDownload off: nothing downloaded)', async () => {
    serveFeed('/policy', feedYaml('0.2.0'));
    const { service, updater, log } = await serviceWith(`${base}/policy/`);
    service.apply({ enabled: true });
    expect(await service.pendingCheck).toEqual({ kind: 'available', version: '0.2.0', downloading: false });
    expect(updater.autoDownload).toBe(false);
    expect(log.messages('info')).toContain('update 0.2.0 available');
    expect(requests.filter((path) => path.endsWith('.AppImage'))).toEqual([]);
  });

  it('update available with autoDownload: downloaded, checksum verified, installs on quit', async () => {
    const artifact = Buffer.from('the 0.2.0 AppImage');
    serveFeed('/policy', feedYaml('0.2.0', artifact));
    routes.set('/policy/Beacon-0.2.0.AppImage', { status: 200, body: artifact });
    const { service, updater, log } = await serviceWith(`${base}/policy/`, true);
    const downloaded = new Promise<{ version: string; downloadedFile: string }>((resolve) =>
      updater.once('update-downloaded', resolve),
    );
    service.apply({ enabled: true });
    expect(await service.pendingCheck).toEqual({ kind: 'available', version: '0.2.0', downloading: true });
    const event = await downloaded;
    expect(event.version).toBe('0.2.0');
    expect(await readFile(event.downloadedFile)).toEqual(artifact);
    expect(updater.autoInstallOnAppQuit).toBe(true);
    expect(service.downloaded).toBe('0.2.0');
    expect(log.messages('info')).toContain('update 0.2.0 downloaded; it installs when Beacon quits');
  });

  it('a corrupt download (sha512 mismatch): one clear line, no unhandled rejection', async () => {
    serveFeed('/policy', feedYaml('0.2.0', Buffer.from('what was published')));
    routes.set('/policy/Beacon-0.2.0.AppImage', { status: 200, body: 'something else' });
    const { service, updater, log } = await serviceWith(`${base}/policy/`, true);
    const failed = new Promise((resolve) => updater.once('error', resolve));
    service.apply({ enabled: true });
    await service.pendingCheck;
    await failed;
    expect(log.messages('warn').filter((line) => line.startsWith('update download failed:'))).toHaveLength(1);
    expect(service.downloaded).toBeNull();
  });

  it('without a policy URL the build’s app-update.yml feed is used', async () => {
    serveFeed('/build', feedYaml('0.3.0'));
    const { service } = await serviceWith(null);
    service.apply({ enabled: true });
    expect(await service.pendingCheck).toEqual({ kind: 'available', version: '0.3.0', downloading: false });
  });

  it('the policy URL wins over app-update.yml', async () => {
    serveFeed('/build', feedYaml('0.3.0'));
    serveFeed('/policy', feedYaml('0.1.0'));
    const { service } = await serviceWith(`${base}/policy/`);
    service.apply({ enabled: true });
    expect(await service.pendingCheck).toMatchObject({ kind: 'up-to-date' });
    expect(requests.every((path) => path.startsWith('/policy/'))).toBe(true);
  });

  it('404: a clear log line, no throw; the next scheduled check still runs', async () => {
    const { service, log, scheduler } = await serviceWith(`${base}/policy/`);
    service.apply({ enabled: true });
    const outcome = await service.pendingCheck;
    expect(outcome).toMatchObject({ kind: 'failed' });
    const failures = log.messages('warn').filter((line) => line.startsWith('update check failed:'));
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(
      /^update check failed: ERR_UPDATER_CHANNEL_FILE_NOT_FOUND: Cannot find channel/,
    );
    // The administrator fixes the feed; the next check (an hour later here) finds it.
    serveFeed('/policy', feedYaml('0.1.0'));
    scheduler.advance(60 * 60 * 1000);
    expect(await service.pendingCheck).toEqual({ kind: 'up-to-date', latest: '0.1.0' });
  });

  it('invalid YAML: a clear log line, no throw', async () => {
    serveFeed('/policy', 'version: [0.2.0\nfiles: {{{');
    const { service, log } = await serviceWith(`${base}/policy/`);
    service.apply({ enabled: true });
    expect(await service.pendingCheck).toMatchObject({ kind: 'failed' });
    expect(log.messages('warn').filter((line) => line.startsWith('update check failed:'))).toEqual([
      expect.stringMatching(/ERR_UPDATER_INVALID_UPDATE_INFO: Cannot parse update info/),
    ]);
  });

  it('a server error (500): a clear log line, no throw', async () => {
    serveFeed('/policy', 'oops', 500);
    const { service, log } = await serviceWith(`${base}/policy/`);
    service.apply({ enabled: true });
    expect(await service.pendingCheck).toMatchObject({ kind: 'failed' });
    expect(log.messages('warn').some((line) => /^update check failed: .*500/.test(line))).toBe(true);
  });

  it('connection refused: a clear log line after electron-updater’s retries, no throw', {
    timeout: 20_000,
  }, async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const { service, log, scheduler } = await serviceWith(`http://127.0.0.1:${port}/`);
    service.apply({ enabled: true });
    expect(await service.pendingCheck).toMatchObject({
      kind: 'failed',
      error: expect.stringMatching(/ECONNREFUSED/),
    });
    expect(log.messages('warn').filter((line) => line.startsWith('update check failed:'))).toHaveLength(1);
    expect(scheduler.activeTimers).toBe(1);
  });

  it('not an AppImage (APPIMAGE unset): electron-updater declines, the service says so', async () => {
    vi.stubEnv('APPIMAGE', undefined);
    serveFeed('/policy', feedYaml('0.2.0'));
    const { service } = await serviceWith(`${base}/policy/`);
    service.apply({ enabled: true });
    expect(await service.pendingCheck).toEqual({ kind: 'inactive' });
    expect(requests).toEqual([]);
  });
});
