// A small fake of the Electron objects the desktop shell uses, recording what is done to them,
// so main's decisions run under Node (no Electron binary here). Only what the shell touches.
import { EventEmitter } from 'node:events';
import type { BrowserWindow, MenuItemConstructorOptions, NativeImage, Tray } from 'electron';
import type { NoticeHandle, NoticeOptions } from '../call-notification.js';
import type { BridgeEvent } from '../desktop-bridge.js';
import type { ShellElectron, ShellOptions } from '../desktop-shell.js';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export class FakeImage {
  template = false;
  constructor(
    readonly data: Buffer,
    readonly width: number,
    readonly height: number,
    readonly scaleFactor: number,
  ) {}
  setTemplateImage(on: boolean): void {
    this.template = on;
  }
}

export class FakeMenu {
  popups = 0;
  constructor(readonly template: MenuItemConstructorOptions[]) {}
  popup(): void {
    this.popups++;
  }
}

export class FakeContents extends EventEmitter {
  readonly mainFrame = { frame: 'main' };
  readonly sent: Array<{ channel: string; args: unknown[] }> = [];
  readonly replaced: string[] = [];
  readonly added: string[] = [];
  readonly session = {
    addWordToSpellCheckerDictionary: (word: string) => {
      this.added.push(word);
      return true;
    },
  };
  destroyed = false;
  isDestroyed(): boolean {
    return this.destroyed;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  replaceMisspelling(word: string): void {
    this.replaced.push(word);
  }
}

export class FakeWindow extends EventEmitter {
  readonly webContents = new FakeContents();
  visible = false;
  focused = false;
  minimised = false;
  maximised = false;
  fullScreen = false;
  bounds: Rect = { x: 100, y: 100, width: 1000, height: 700 };
  flashes: boolean[] = [];
  overlays: Array<{ image: FakeImage | null; description: string }> = [];
  calls: string[] = [];

  isVisible = () => this.visible;
  isFocused = () => this.focused;
  isMinimized = () => this.minimised;
  isMaximized = () => this.maximised;
  isFullScreen = () => this.fullScreen;
  isDestroyed = () => false;
  getNormalBounds = () => ({ ...this.bounds });
  show(): void {
    this.calls.push('show');
    this.visible = true;
    this.emit('show');
  }
  showInactive(): void {
    this.calls.push('showInactive');
    this.visible = true;
  }
  hide(): void {
    this.calls.push('hide');
    this.visible = false;
    this.emit('hide');
  }
  focus(): void {
    this.calls.push('focus');
    this.focused = true;
    this.emit('focus');
  }
  minimize(): void {
    this.calls.push('minimize');
    this.minimised = true;
  }
  maximize(): void {
    this.calls.push('maximize');
    this.maximised = true;
    this.visible = true;
  }
  restore(): void {
    this.calls.push('restore');
    this.minimised = false;
  }
  flashFrame(flag: boolean): void {
    this.flashes.push(flag);
  }
  setOverlayIcon(image: FakeImage | null, description: string): void {
    this.overlays.push({ image, description });
  }
  /** The user clicks the close button: true when the window really closes. */
  userClose(): boolean {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (!prevented) this.visible = false;
    return !prevented;
  }
}

export class FakeTray extends EventEmitter {
  tooltip = '';
  title: string | null = null;
  image: FakeImage;
  menu: FakeMenu | null = null;
  destroyed = false;
  constructor(image: FakeImage) {
    super();
    this.image = image;
  }
  setToolTip(text: string): void {
    this.tooltip = text;
  }
  setTitle(text: string): void {
    this.title = text;
  }
  setImage(image: FakeImage): void {
    this.image = image;
  }
  setContextMenu(menu: FakeMenu): void {
    this.menu = menu;
  }
  destroy(): void {
    this.destroyed = true;
  }
  /** Clicks the menu item with this label (radio items too). */
  choose(label: string): void {
    const item = this.menu?.template.find((i) => i.label === label);
    if (!item?.click) throw new Error(`No tray item "${label}"`);
    (item.click as () => void)();
  }
  labels(): string[] {
    return (this.menu?.template ?? []).map((i) => i.label ?? `-${i.type ?? ''}`);
  }
}

type Listener = (event: BridgeEvent, ...args: unknown[]) => unknown;

export class FakeIpcMain {
  readonly handlers = new Map<string, Listener>();
  readonly listeners = new Map<string, Listener[]>();
  handle(channel: string, listener: Listener): void {
    if (this.handlers.has(channel)) throw new Error(`Second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  on(channel: string, listener: Listener): void {
    this.listeners.set(channel, [...(this.listeners.get(channel) ?? []), listener]);
  }
  removeListener(channel: string, listener: (...args: never[]) => void): void {
    this.listeners.set(
      channel,
      (this.listeners.get(channel) ?? []).filter((l) => l !== (listener as unknown)),
    );
  }
  invoke(event: BridgeEvent, channel: string, ...args: unknown[]): unknown {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler for ${channel}`);
    return handler(event, ...args);
  }
  emitSend(event: BridgeEvent, channel: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(channel) ?? []) listener(event, ...args);
  }
}

export class FakeSession {
  calls: string[] = [];
  enabled: boolean | null = null;
  url: string | null = null;
  languages: string[] | null = null;
  availableSpellCheckerLanguages = ['de-DE', 'en-GB', 'en-US', 'fr'];
  setSpellCheckerEnabled(enable: boolean): void {
    this.calls.push(`enabled:${enable}`);
    this.enabled = enable;
  }
  setSpellCheckerDictionaryDownloadURL(url: string): void {
    this.calls.push(`url:${url}`);
    this.url = url;
  }
  setSpellCheckerLanguages(languages: string[]): void {
    this.calls.push(`languages:${languages.join(',')}`);
    this.languages = languages;
  }
}

/** A system notification: records show/close, fires its listeners on demand. */
export class FakeNotice implements NoticeHandle {
  shown = false;
  closed = false;
  private readonly listeners = new Map<string, (...args: never[]) => void>();
  constructor(readonly options: NoticeOptions) {}
  show(): void {
    this.shown = true;
  }
  close(): void {
    this.closed = true;
  }
  on(event: string, listener: (...args: never[]) => void): void {
    this.listeners.set(event, listener);
  }
  fire(event: 'action', index: number): void;
  fire(event: 'click' | 'close'): void;
  fire(event: string, index?: number): void {
    (this.listeners.get(event) as ((...a: unknown[]) => void) | undefined)?.({}, index);
  }
}

export interface FakeElectron {
  electron: ShellElectron;
  app: {
    badge: number[];
    loginItems: Array<{ openAtLogin: boolean; path?: string; args?: string[] }>;
    quits: number;
    bounces: Array<'informational' | 'critical'>;
    cancelled: number[];
  };
  trays: FakeTray[];
  /** System notifications made (call notices). */
  notices: FakeNotice[];
  menus: FakeMenu[];
  ipc: FakeIpcMain;
  displays: Rect[];
  /** Makes createTray throw, as on a desktop without a tray. */
  noTray: boolean;
}

export function fakeElectron(platform: NodeJS.Platform): FakeElectron {
  const fake: FakeElectron = {
    app: { badge: [], loginItems: [], quits: 0, bounces: [], cancelled: [] },
    trays: [],
    notices: [],
    menus: [],
    ipc: new FakeIpcMain(),
    displays: [{ x: 0, y: 0, width: 1920, height: 1040 }],
    noTray: false,
    electron: undefined as unknown as ShellElectron,
  };
  const app = {
    getLocale: () => 'en-US',
    setBadgeCount: (count?: number) => {
      fake.app.badge.push(count ?? 0);
      return true;
    },
    setLoginItemSettings: (settings: { openAtLogin: boolean; path?: string; args?: string[] }) => {
      fake.app.loginItems.push(settings);
    },
    quit: () => {
      fake.app.quits++;
    },
    dock:
      platform === 'darwin'
        ? {
            bounce: (type: 'informational' | 'critical') => fake.app.bounces.push(type),
            cancelBounce: (id: number) => {
              fake.app.cancelled.push(id);
            },
          }
        : undefined,
  };
  fake.electron = {
    app: app as unknown as ShellElectron['app'],
    Menu: {
      buildFromTemplate: (template: MenuItemConstructorOptions[]) => {
        const menu = new FakeMenu(template);
        fake.menus.push(menu);
        return menu as unknown as Electron.Menu;
      },
    },
    nativeImage: {
      createFromBitmap: (data, options) =>
        new FakeImage(
          data,
          options.width,
          options.height,
          options.scaleFactor ?? 1,
        ) as unknown as NativeImage,
    },
    screen: {
      getAllDisplays: () => fake.displays.map((workArea) => ({ workArea })) as Electron.Display[],
      getPrimaryDisplay: () => ({ workArea: fake.displays[0]! }) as Electron.Display,
    },
    ipcMain: fake.ipc,
    createTray: (image) => {
      if (fake.noTray) throw new Error('no status area');
      const tray = new FakeTray(image as unknown as FakeImage);
      fake.trays.push(tray);
      return tray as unknown as Tray;
    },
    createNotice: (options) => {
      const notice = new FakeNotice(options);
      fake.notices.push(notice);
      return notice;
    },
  };
  return fake;
}

/** Options for a DesktopShell on the fake, its profile in `userData`. */
export function shellOptions(
  fake: FakeElectron,
  platform: NodeJS.Platform,
  userData: string,
  session: FakeSession = new FakeSession(),
): ShellOptions {
  return {
    electron: fake.electron,
    platform,
    userData,
    autostart: { exec: '/opt/Parley/parley', args: [], home: userData, xdgConfigHome: undefined },
    session,
  };
}

export function asWindow(window: FakeWindow): BrowserWindow {
  return window as unknown as BrowserWindow;
}

/** An IPC event from the window's own top frame. */
export function fromWindow(window: FakeWindow): BridgeEvent {
  return { sender: window.webContents, senderFrame: window.webContents.mainFrame };
}
