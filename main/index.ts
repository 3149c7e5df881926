import { join } from 'node:path';
import { app, Menu, Notification, session } from 'electron';
import type { UserSettings } from '../common/bridge';
import { serverUrlSchema } from '../common/bridge-schemas';
import { deviceLabel } from '../common/device-label';
import { ElectronBadge } from './adapters/badge';
import { electronDownloads, handleDownloads } from './adapters/downloads';
import { createElectronLogger } from './adapters/electron-log';
import { electronIpc } from './adapters/ipc';
import { applyLaunchAtLogin, wasOpenedAtLogin } from './adapters/login-item';
import { MainWindow } from './adapters/main-window';
import { electronNotifications } from './adapters/notifications';
import { createOsFocusPort } from './adapters/os-focus';
import { electronPower } from './adapters/power';
import { electronSafeStorage } from './adapters/safe-storage';
import { guardWebContents, hardenSession, openExternal, registerAppScheme } from './adapters/security';
import { ElectronTray } from './adapters/tray';
import { Updater } from './adapters/updater';
import { systemScheduler } from './idle/idle-monitor';
import { registerIpc } from './ipc/ipc-router';
import { buildAppMenuTemplate } from './lifecycle/app-menu';
import { decideCloseHint } from './lifecycle/close-hint';
import { shouldStartHidden } from './lifecycle/launch';
import { errorMessage, type Logger } from './logger';
import { APP_ENTRY_URL, appOrigins, isAppUrl } from './security/app-origin';
import { buildContentSecurityPolicy } from './security/content-security-policy';
import { SessionStore } from './session/session-store';
import { loadManagedPolicy } from './settings/managed-policy';
import { SettingsStore } from './settings/settings-store';
import { DesktopShell } from './shell/desktop-shell';
import { LocalStateStore } from './storage/local-state';
import { e2eEnabled, RecordedNotifications, ScriptedPower } from './testing/e2e-hooks';
import { installE2eHooks } from './testing/install-e2e-hooks';

const APP_ID = 'org.beacon.desktop';

// Development and tests only: run with a separate profile (a packaged app never reads it).
if (!app.isPackaged && process.env.BEACON_USER_DATA_DIR)
  app.setPath('userData', process.env.BEACON_USER_DATA_DIR);

registerAppScheme();
app.enableSandbox();
app.setAppUserModelId(APP_ID);

/** Set once the window exists; a second launch before that shows the window as soon as it does. */
let showMainWindow: (() => void) | null = null;
let secondLaunchPending = false;

if (!app.requestSingleInstanceLock()) {
  // Another Beacon is running: it gets focus (its 'second-instance' handler) and this one leaves.
  app.quit();
} else {
  // Registered before anything is awaited: a second launch during start-up is not lost.
  app.on('second-instance', () => {
    if (showMainWindow) showMainWindow();
    else secondLaunchPending = true;
  });
  const log = createElectronLogger();
  start(log).catch((error: unknown) => {
    log.error('Beacon failed to start', {
      error: error instanceof Error ? (error.stack ?? error.message) : error,
    });
    app.exit(1);
  });
}

async function start(log: Logger): Promise<void> {
  await app.whenReady();
  const userData = app.getPath('userData');
  const development = !app.isPackaged;
  const e2e = e2eEnabled(process.env, app.isPackaged);
  log.info('Beacon starting', { version: app.getVersion(), packaged: app.isPackaged, e2e });

  // An unpackaged build may read another policy file (tests, trying a policy out), and then only
  // that file, never the registry or macOS profiles; a packaged build never reads the variable.
  const policyOverride = (development && process.env.BEACON_POLICY_FILE) || undefined;
  const policy = await loadManagedPolicy({
    platform: process.platform,
    env: process.env,
    jsonPath: policyOverride,
    osSources: policyOverride === undefined,
  });
  if (policy.source) {
    log.info('administrator policy applied', {
      sources: policy.sources?.map((source) => source.location),
      locked: policy.lockedBy,
    });
  }
  for (const problem of policy.problems) log.warn(`policy: ${problem}`);

  const settings = await SettingsStore.open({
    file: join(userData, 'settings.json'),
    policy,
    overrides: launchOverrides(log),
    log,
  });
  const localState = await LocalStateStore.open(join(userData, 'state.json'), log);
  const sessionStore = new SessionStore({
    file: join(userData, 'session.bin'),
    cipher: electronSafeStorage,
    log,
  });

  const origins = appOrigins(development ? process.env.ELECTRON_RENDERER_URL : null);
  let shell: DesktopShell | null = null;
  guardWebContents(origins, log, (url) => shell?.downloads.downloadLink(url) ?? false);
  hardenSession({
    session: session.defaultSession,
    origins,
    rendererRoot: join(import.meta.dirname, '..', 'renderer'),
    contentSecurityPolicy: () =>
      buildContentSecurityPolicy({
        serverUrls: [
          ...(shell?.knownServerUrls() ?? []),
          policy.recommended.serverUrl,
          policy.mandatory.serverUrl,
        ],
        allowOtherServers: !settings.view.locked.includes('serverUrl'),
        devServerUrl: origins.devServer,
      }),
    log,
  });

  let quitting = false;
  /** What quitting undoes, in reverse order of creation: IPC handlers, the tray, timers, listeners. */
  const onQuit: Array<() => void> = [];
  app.on('before-quit', () => {
    quitting = true;
    for (const undo of onQuit.splice(0).reverse()) {
      try {
        undo();
      } catch (error) {
        log.warn('cleanup on quit failed', { error: errorMessage(error) });
      }
    }
  });

  const window = new MainWindow({
    preloadPath: join(import.meta.dirname, '..', 'preload', 'index.cjs'),
    entryUrl: origins.devServer ?? APP_ENTRY_URL,
    state: localState,
    startHidden: shouldStartHidden({
      argv: process.argv,
      wasOpenedAtLogin: wasOpenedAtLogin(),
      settings: settings.values,
    }),
    isQuitting: () => quitting,
    onFirstHideToTray: () => showCloseHint(localState, settings, shell, log),
    onFocus: () => shell?.windowFocused(),
    onPageLoad: () => shell?.resetRendererState(),
    log,
  });

  const power = e2e ? new ScriptedPower() : electronPower;
  const notifications = e2e ? new RecordedNotifications() : electronNotifications;
  const tray = new ElectronTray(
    (command) => shell?.handleTrayCommand(command),
    () => shell?.showWindow(),
  );
  const activeShell = new DesktopShell({
    window,
    tray,
    badge: new ElectronBadge(() => window.browserWindow),
    notifications,
    power,
    scheduler: systemScheduler,
    settings,
    session: sessionStore,
    openExternal: (url) => openExternal(url, log),
    quit: () => app.quit(),
    osFocus: e2e ? undefined : createOsFocusPort({ log, appUserModelId: APP_ID }),
    deviceLabel: deviceLabel(process.platform),
    locale: app.getLocale(),
    preferredLanguages: [...app.getPreferredSystemLanguages(), app.getLocale()],
    downloads: electronDownloads(() => window.browserWindow),
    isPageDownload: (url) => url.startsWith('blob:') && isAppUrl(url.slice('blob:'.length), origins),
    log,
  });
  onQuit.push(() => tray.destroy());
  onQuit.push(handleDownloads(session.defaultSession, () => shell?.downloads.manager ?? null));
  shell = activeShell;
  const disposeIpc = registerIpc({
    ipc: electronIpc,
    invoke: activeShell.invokeHandlers,
    send: activeShell.sendHandlers,
    isTrustedUrl: (url) => isAppUrl(url, origins),
    log,
  });
  onQuit.push(disposeIpc);
  activeShell.start();
  onQuit.push(() => activeShell.stop());

  const applyAppMenu = () =>
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        buildAppMenuTemplate(
          process.platform,
          { openWindow: () => activeShell.showWindow(), quit: () => app.quit() },
          development,
          activeShell.t,
        ),
      ),
    );
  applyAppMenu();
  let menuLanguage = activeShell.resolveLanguage();
  showMainWindow = () => activeShell.showWindow();
  if (secondLaunchPending) activeShell.showWindow();
  app.on('activate', () => activeShell.showWindow());

  const updater = new Updater(settings, policy, log);
  onQuit.push(() => updater.stop());
  let launchAtLogin = settings.values.launchAtLogin;
  await applyLaunchAtLogin(launchAtLogin, log);
  updater.apply();
  settings.onChange((view) => {
    if (view.values.launchAtLogin !== launchAtLogin) {
      launchAtLogin = view.values.launchAtLogin;
      void applyLaunchAtLogin(launchAtLogin, log);
    }
    if (activeShell.resolveLanguage() !== menuLanguage) {
      menuLanguage = activeShell.resolveLanguage();
      applyAppMenu();
    }
    updater.apply();
  });

  if (e2e && power instanceof ScriptedPower && notifications instanceof RecordedNotifications) {
    installE2eHooks({ shell: activeShell, tray, power, notifications, window });
    log.warn('BEACON_E2E=1: test hooks installed');
  }
}

/** `npm start` presets the demo server with BEACON_SERVER_URL (not saved; the policy still wins). */
function launchOverrides(log: Logger): Partial<UserSettings> {
  const url = process.env.BEACON_SERVER_URL;
  if (!url) return {};
  const parsed = serverUrlSchema.safeParse(url);
  if (parsed.success) return { serverUrl: parsed.data };
  log.warn('BEACON_SERVER_URL ignored: not an http(s) address', { value: url });
  return {};
}

function showCloseHint(
  state: LocalStateStore,
  settings: SettingsStore,
  shell: DesktopShell | null,
  log: Logger,
): void {
  const decision = decideCloseHint({
    alreadyShown: state.get().closeHintShown === true,
    settings: settings.values,
    status: shell?.status ?? null,
    t: shell?.t,
    now: new Date(),
    platform: process.platform,
  });
  if (!decision.show) {
    if (decision.reason !== 'already-shown') log.info('window hidden to the tray; hint not shown', decision);
    return;
  }
  if (!Notification.isSupported()) {
    log.info('window hidden to the tray (no notification support for the hint)');
    return;
  }
  void state.update({ closeHintShown: true }).catch(() => undefined);
  new Notification({ title: decision.title, body: decision.body, silent: true }).show();
}
