import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { FakeScheduler, RecordingLogger } from '../testing/fakes';
import {
  describeUpdateError,
  type UpdateCheckResultLike,
  type UpdaterLike,
  UpdateService,
} from './update-service';

/** A scripted updater (the real electron-updater runs in update-feed.test.ts). */
class ScriptedUpdater extends EventEmitter implements UpdaterLike {
  autoDownload = true;
  autoInstallOnAppQuit = true;
  logger: UpdaterLike['logger'] = null;
  feed: string | null = null;
  checks = 0;
  answer: () => Promise<UpdateCheckResultLike | null> = async () => ({
    isUpdateAvailable: false,
    updateInfo: { version: '0.1.0' },
  });

  setFeedURL(options: { provider: 'generic'; url: string }): void {
    this.feed = options.url;
  }

  checkForUpdates(): Promise<UpdateCheckResultLike | null> {
    this.checks++;
    return this.answer();
  }
}

function setup(feedUrl: string | null = 'https://updates.acme.test/beacon/') {
  const updater = new ScriptedUpdater();
  const scheduler = new FakeScheduler();
  const log = new RecordingLogger();
  let created = 0;
  const service = new UpdateService({
    createUpdater: () => {
      created++;
      return updater;
    },
    scheduler,
    log,
    feedUrl,
    checkEveryMs: 60_000,
  });
  return { updater, scheduler, log, service, created: () => created };
}

describe('UpdateService', () => {
  it('disabled: never creates the updater, logs why once', () => {
    const { service, log, created } = setup();
    service.apply({ enabled: false, reason: 'not a packaged build' });
    service.apply({ enabled: false, reason: 'not a packaged build' });
    expect(created()).toBe(0);
    expect(log.lines).toEqual([
      { level: 'info', message: 'automatic updates off', details: { reason: 'not a packaged build' } },
    ]);
  });

  it('enabled: uses the policy feed, checks at once and on schedule, downloads and installs on quit', async () => {
    const { service, updater, scheduler, log } = setup();
    service.apply({ enabled: true });
    service.apply({ enabled: true });
    expect(updater.feed).toBe('https://updates.acme.test/beacon/');
    expect(updater.autoDownload).toBe(true);
    expect(updater.autoInstallOnAppQuit).toBe(true);
    expect(await service.pendingCheck).toEqual({ kind: 'up-to-date', latest: '0.1.0' });
    scheduler.advance(60_000);
    await service.pendingCheck;
    expect(updater.checks).toBe(2);
    expect(log.messages('info')).toContain('update check: up to date');
  });

  it('without a policy feed it leaves the build’s app-update.yml in charge', () => {
    const { service, updater } = setup(null);
    service.apply({ enabled: true });
    expect(updater.feed).toBeNull();
  });

  it('a failed check is one clear line; the next scheduled check still runs', async () => {
    const { service, updater, scheduler, log } = setup();
    updater.answer = () =>
      Promise.reject(
        Object.assign(new Error('net::ERR_NAME_NOT_RESOLVED\n    at stack'), { code: 'ENOTFOUND' }),
      );
    service.apply({ enabled: true });
    expect(await service.pendingCheck).toEqual({
      kind: 'failed',
      error: 'ENOTFOUND: net::ERR_NAME_NOT_RESOLVED',
    });
    expect(log.messages('warn')).toEqual(['update check failed: ENOTFOUND: net::ERR_NAME_NOT_RESOLVED']);
    updater.answer = async () => ({ isUpdateAvailable: false, updateInfo: { version: '0.1.0' } });
    scheduler.advance(60_000);
    expect(await service.pendingCheck).toEqual({ kind: 'up-to-date', latest: '0.1.0' });
  });

  it('an update: reported with its version; a failed download is logged and never unhandled', async () => {
    const { service, updater, log } = setup();
    const failedDownload = Promise.reject(new Error('sha512 checksum mismatch'));
    updater.answer = async () => ({
      isUpdateAvailable: true,
      updateInfo: { version: '0.2.0' },
      downloadPromise: failedDownload,
    });
    service.apply({ enabled: true });
    expect(await service.pendingCheck).toEqual({ kind: 'available', version: '0.2.0', downloading: true });
    updater.emit('error', new Error('sha512 checksum mismatch'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(log.messages('warn')).toEqual(['update download failed: sha512 checksum mismatch']);
    updater.emit('update-downloaded', { version: '0.2.0' });
    expect(service.downloaded).toBe('0.2.0');
  });

  it('an updater that cannot be created: one error line, no throw, no checks', async () => {
    const log = new RecordingLogger();
    const scheduler = new FakeScheduler();
    const service = new UpdateService({
      createUpdater: () => {
        throw new Error('App version is not a valid semver version: "dev"');
      },
      scheduler,
      log,
      feedUrl: null,
    });
    expect(() => service.apply({ enabled: true })).not.toThrow();
    expect(await service.checkNow()).toMatchObject({ kind: 'failed' });
    expect(log.messages('error')).toEqual([
      'automatic updates unavailable: cannot set up electron-updater: App version is not a valid semver version: "dev"',
    ]);
    expect(scheduler.activeTimers).toBe(0);
  });

  it('turned off later: stops checking and will not install on quit', async () => {
    const { service, updater, scheduler, log } = setup();
    service.apply({ enabled: true });
    await service.pendingCheck;
    service.apply({ enabled: false, reason: 'disabled in settings' });
    expect(scheduler.activeTimers).toBe(0);
    expect(updater.autoInstallOnAppQuit).toBe(false);
    expect(updater.autoDownload).toBe(false);
    expect(log.messages('info')).toContain('automatic updates stopped');
  });

  it('inactive (electron-updater declined): says so', async () => {
    const { service, updater } = setup();
    updater.answer = async () => null;
    service.apply({ enabled: true });
    expect(await service.pendingCheck).toEqual({ kind: 'inactive' });
  });
});

describe('describeUpdateError', () => {
  it('keeps the code and the first line', () => {
    expect(describeUpdateError(Object.assign(new Error('a\nb'), { code: 'X' }))).toBe('X: a');
    expect(describeUpdateError('plain')).toBe('plain');
  });
});
