import type { BrowserWindow, NativeImage, Tray } from 'electron';
import type { DesktopReport } from '@parley/contract';
import { badgePlan } from './badge.js';
import type { ShellElectron } from './desktop-shell.js';
import { overlayIcon, trayIcon, type Bitmap } from './tray-icons.js';
import { trayMenuTemplate, type TrayActions } from './tray.js';

export const EMPTY_REPORT: DesktopReport = {
  unread: 0,
  mentions: 0,
  presence: 'offline',
  chats: [],
};

/**
 * The tray icon (its image, tooltip, macOS title and menu) and the unread badge: the Dock or
 * launcher count, Windows' taskbar overlay. Without a tray (a desktop with no status area) the
 * badge still works and `present` is false.
 */
export class ShellTray {
  private readonly tray: Tray | null;
  private dot = false;
  private report: DesktopReport = EMPTY_REPORT;

  constructor(
    private readonly electron: ShellElectron,
    private readonly platform: NodeJS.Platform,
    private readonly window: BrowserWindow,
    private readonly actions: TrayActions,
  ) {
    this.tray = this.create();
  }

  get present(): boolean {
    return this.tray !== null;
  }

  /** The report shown now (shown again when the language changes). */
  get lastReport(): DesktopReport {
    return this.report;
  }

  /** Shows a new report from the renderer everywhere it belongs. */
  show(report: DesktopReport): void {
    this.report = report;
    const plan = badgePlan(report.unread, this.platform);
    if (plan.badgeCount !== null) this.electron.app.setBadgeCount(plan.badgeCount);
    if (plan.overlay && !this.window.isDestroyed()) {
      const { count, description } = plan.overlay;
      const image = count > 0 ? this.image(overlayIcon(32, count), 2) : null;
      this.window.setOverlayIcon(image, description);
    }
    const tray = this.tray;
    if (tray) {
      tray.setToolTip(plan.tooltip);
      if (plan.trayTitle !== null) tray.setTitle(plan.trayTitle);
      if (plan.trayDot !== this.dot) {
        tray.setImage(this.trayImage(plan.trayDot));
        this.dot = plan.trayDot;
      }
    }
    this.refreshMenu();
  }

  /** The menu again (its Show/Hide follows the window). */
  refreshMenu(): void {
    if (!this.tray || this.window.isDestroyed()) return;
    const state = { report: this.report, windowVisible: this.window.isVisible() };
    const template = trayMenuTemplate(state, this.actions);
    this.tray.setContextMenu(this.electron.Menu.buildFromTemplate(template));
  }

  destroy(): void {
    this.tray?.destroy();
  }

  private create(): Tray | null {
    let tray: Tray;
    try {
      tray = this.electron.createTray(this.trayImage(false));
    } catch (error) {
      console.warn(`[parley] no tray icon on this desktop: ${String(error)}`);
      return null;
    }
    // Windows and most Linux panels: a click on the icon shows or hides the window (on macOS
    // a click opens the menu).
    if (this.platform !== 'darwin') tray.on('click', () => this.actions.toggleWindow());
    return tray;
  }

  private image(bitmap: Bitmap, scaleFactor: number): NativeImage {
    return this.electron.nativeImage.createFromBitmap(bitmap.data, {
      width: bitmap.width,
      height: bitmap.height,
      scaleFactor,
    });
  }

  /** 32 pixels at scale 2: sharp on HiDPI, scaled down to 16 elsewhere. */
  private trayImage(dot: boolean): NativeImage {
    const template = this.platform === 'darwin';
    const image = this.image(trayIcon(32, { dot, template }), 2);
    if (template) image.setTemplateImage(true);
    return image;
  }
}
