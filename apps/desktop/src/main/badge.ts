import { tFor } from './i18n.js';

const t = tFor('desktop');

/** What the unread count shows where, per platform (the Electron calls are in desktop-shell.ts). */
export interface BadgePlan {
  /** `app.setBadgeCount`: the macOS Dock and Linux launchers with the LauncherEntry API. */
  badgeCount: number | null;
  /** Windows' taskbar overlay: the count to draw, 0 to clear it, null where there is none. */
  overlay: { count: number; description: string } | null;
  /** The text beside the macOS menu-bar icon ('' clears it); null elsewhere. */
  trayTitle: string | null;
  /** The tray icon's tooltip, on every platform. */
  tooltip: string;
  /** The tray icon with the unread dot (not on macOS, whose template image is monochrome). */
  trayDot: boolean;
}

export function unreadText(unread: number): string {
  if (unread <= 0) return t('No unread messages');
  return t('{{count}} unread messages', { count: unread });
}

export function badgePlan(unread: number, platform: NodeJS.Platform): BadgePlan {
  const count = Number.isSafeInteger(unread) && unread > 0 ? unread : 0;
  const tooltip = count > 0 ? t('Parley: {{unread}}', { unread: unreadText(count) }) : 'Parley';
  return {
    badgeCount: platform === 'darwin' || platform === 'linux' ? count : null,
    overlay: platform === 'win32' ? { count, description: unreadText(count) } : null,
    trayTitle: platform === 'darwin' ? (count > 0 ? String(count) : '') : null,
    tooltip,
    trayDot: platform !== 'darwin' && count > 0,
  };
}

/** The window and Dock calls an attention request uses. */
export interface AttentionTarget {
  isFocused(): boolean;
  flashFrame(flag: boolean): void;
}
export interface Dock {
  bounce(type: 'informational' | 'critical'): number;
  cancelBounce(id: number): void;
}

/**
 * Asks for the user's attention when a message names them and the window is not in front:
 * the taskbar entry flashes (Windows, Linux) or the Dock icon bounces once (macOS,
 * "informational"); both stop when the window gets the focus.
 */
export class Attention {
  private flashing = false;
  private bounce: number | null = null;

  constructor(
    private readonly platform: NodeJS.Platform,
    private readonly window: AttentionTarget,
    private readonly dock: Dock | null,
  ) {}

  mention(): void {
    if (this.window.isFocused()) return;
    if (this.platform === 'darwin') {
      if (this.dock && this.bounce === null) this.bounce = this.dock.bounce('informational');
      return;
    }
    if (!this.flashing) {
      this.window.flashFrame(true);
      this.flashing = true;
    }
  }

  /** The window came to the front: stop asking. */
  focused(): void {
    if (this.flashing) {
      this.window.flashFrame(false);
      this.flashing = false;
    }
    if (this.bounce !== null) {
      this.dock?.cancelBounce(this.bounce);
      this.bounce = null;
    }
  }
}
