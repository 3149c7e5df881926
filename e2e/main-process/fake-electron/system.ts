import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { type Core, preventableEvent } from './core';

/** nativeImage: remembers its file; empty when the file does not exist, as Electron's is. */
export class FakeNativeImage {
  constructor(readonly path: string | null) {}

  isEmpty(): boolean {
    return this.path === null || !existsSync(this.path);
  }

  getSize(): { width: number; height: number } {
    return this.isEmpty() ? { width: 0, height: 0 } : { width: 16, height: 16 };
  }

  setTemplateImage(): void {}

  toPNG(): Buffer {
    return Buffer.alloc(0);
  }
}

export const nativeImage = {
  createFromPath: (path: string) => new FakeNativeImage(path),
  createEmpty: () => new FakeNativeImage(null),
  createFromBuffer: () => new FakeNativeImage(null),
  createFromDataURL: () => new FakeNativeImage(null),
};

export interface MenuItemOptions {
  label?: string;
  type?: string;
  role?: string;
  checked?: boolean;
  enabled?: boolean;
  accelerator?: string;
  click?: (item: unknown, window: unknown, event: unknown) => void;
  submenu?: MenuItemOptions[];
}

export class FakeMenuItem {
  readonly label: string;
  readonly type: string;
  readonly role: string | null;
  readonly checked: boolean;
  readonly enabled: boolean;
  readonly submenu: FakeMenu | null;
  private readonly clickHandler: MenuItemOptions['click'];

  constructor(options: MenuItemOptions) {
    this.label = options.label ?? '';
    this.type = options.type ?? (options.submenu ? 'submenu' : 'normal');
    this.role = options.role ?? null;
    this.checked = options.checked ?? false;
    this.enabled = options.enabled ?? true;
    this.submenu = options.submenu ? FakeMenu.buildFromTemplate(options.submenu) : null;
    this.clickHandler = options.click;
  }

  click(): void {
    if (!this.enabled) throw new Error(`menu item "${this.label}" is disabled`);
    this.clickHandler?.(this, undefined, { triggeredByAccelerator: false });
  }
}

export class FakeMenu {
  static applicationMenu: FakeMenu | null = null;
  readonly items: FakeMenuItem[];

  constructor(items: FakeMenuItem[] = []) {
    this.items = items;
  }

  static buildFromTemplate(template: MenuItemOptions[]): FakeMenu {
    if (!Array.isArray(template)) throw new TypeError('Invalid template for Menu: expected an array');
    return new FakeMenu(template.map((item) => new FakeMenuItem(item)));
  }

  static setApplicationMenu(menu: FakeMenu | null): void {
    FakeMenu.applicationMenu = menu;
  }

  static getApplicationMenu(): FakeMenu | null {
    return FakeMenu.applicationMenu;
  }

  describe(): Array<{ label: string; type: string; checked: boolean; enabled: boolean }> {
    return this.items.map(({ label, type, checked, enabled }) => ({ label, type, checked, enabled }));
  }

  find(label: string): FakeMenuItem | null {
    for (const item of this.items) {
      if (item.label === label) return item;
      const inner = item.submenu?.find(label);
      if (inner) return inner;
    }
    return null;
  }
}

export class FakeTray extends EventEmitter {
  static all = new Set<FakeTray>();
  static core: Core;
  image: FakeNativeImage;
  tooltip = '';
  menu: FakeMenu | null = null;
  private destroyed = false;

  constructor(image: FakeNativeImage | string) {
    super();
    FakeTray.core.requireReady('Tray');
    this.image = typeof image === 'string' ? new FakeNativeImage(image) : image;
    FakeTray.all.add(this);
    FakeTray.core.record('new Tray');
  }

  setImage(image: FakeNativeImage | string): void {
    this.image = typeof image === 'string' ? new FakeNativeImage(image) : image;
  }

  setToolTip(tooltip: string): void {
    this.tooltip = tooltip;
  }

  setContextMenu(menu: FakeMenu | null): void {
    this.menu = menu;
  }

  setTitle(): void {}

  destroy(): void {
    this.destroyed = true;
    FakeTray.all.delete(this);
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  describe() {
    return {
      image: this.image.path ? basename(this.image.path) : null,
      imageEmpty: this.image.isEmpty(),
      tooltip: this.tooltip,
      menu: this.menu?.describe() ?? [],
    };
  }
}

export interface ShownNotification {
  id: number;
  title: string;
  body: string;
  silent: boolean;
  closed: boolean;
}

export class FakeNotification extends EventEmitter {
  static core: Core;
  static readonly shown: FakeNotification[] = [];
  private static nextId = 1;
  readonly id = FakeNotification.nextId++;
  closed = false;

  static isSupported(): boolean {
    return true;
  }

  constructor(readonly options: { title?: string; body?: string; silent?: boolean } = {}) {
    super();
    FakeNotification.core.requireReady('Notification');
  }

  show(): void {
    FakeNotification.shown.push(this);
    this.emit('show', preventableEvent());
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.emit('close', preventableEvent());
  }

  /** The user clicks it: the OS removes it and Electron emits `click`. */
  click(): void {
    this.closed = true;
    this.emit('click', preventableEvent());
  }

  describe(): ShownNotification {
    return {
      id: this.id,
      title: this.options.title ?? '',
      body: this.options.body ?? '',
      silent: this.options.silent ?? false,
      closed: this.closed,
    };
  }
}

/** powerMonitor: the OS idle time and power events are the test's to script. */
export class FakePowerMonitor extends EventEmitter {
  idleSeconds = 0;

  constructor(private readonly core: Core) {
    super();
  }

  getSystemIdleTime(): number {
    this.core.requireReady('powerMonitor.getSystemIdleTime');
    return this.idleSeconds;
  }

  getSystemIdleState(threshold: number): string {
    return this.getSystemIdleTime() >= threshold ? 'idle' : 'active';
  }

  override on(event: string, listener: (...args: unknown[]) => void): this {
    this.core.requireReady('powerMonitor');
    return super.on(event, listener);
  }

  listenerTotal(): number {
    return this.eventNames().reduce((sum, name) => sum + this.listenerCount(name), 0);
  }
}

export function createScreen(core: Core) {
  const display = {
    id: 1,
    bounds: { x: 0, y: 0, width: 1920, height: 1080 },
    workArea: { x: 0, y: 0, width: 1920, height: 1040 },
    scaleFactor: 1,
  };
  const screen = new EventEmitter() as EventEmitter & Record<string, unknown>;
  screen.getAllDisplays = () => {
    core.requireReady('screen');
    return [structuredClone(display)];
  };
  screen.getPrimaryDisplay = () => {
    core.requireReady('screen');
    return structuredClone(display);
  };
  screen.getDisplayMatching = () => structuredClone(display);
  screen.getCursorScreenPoint = () => ({ x: 0, y: 0 });
  return screen;
}

export function createSafeStorage(core: Core) {
  return {
    isEncryptionAvailable: () => {
      core.requireReady('safeStorage');
      return true;
    },
    getSelectedStorageBackend: () => 'gnome_libsecret',
    encryptString: (plain: string) => Buffer.from(`fake-keychain:${Buffer.from(plain).toString('base64')}`),
    decryptString: (encrypted: Buffer) => {
      const text = encrypted.toString();
      if (!text.startsWith('fake-keychain:')) throw new Error('Error while decrypting the ciphertext');
      return Buffer.from(text.slice('fake-keychain:'.length), 'base64').toString();
    },
  };
}

export function createShell(core: Core) {
  const opened: string[] = [];
  return {
    opened,
    openExternal: async (url: string) => {
      core.record('shell.openExternal', url);
      opened.push(url);
    },
    openPath: async (path: string) => {
      core.record('shell.openPath', path);
      return '';
    },
    showItemInFolder: (path: string) => core.record('shell.showItemInFolder', path),
    beep: () => undefined,
  };
}
