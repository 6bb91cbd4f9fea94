import type { WindowBounds } from '@parley/contract';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_SIZE = { width: 1200, height: 800 } as const;
export const MIN_SIZE = { width: 720, height: 480 } as const;
/** How much of the title bar must be on a display for a saved place to count as visible. */
const GRAB_WIDTH = 120;
const GRAB_HEIGHT = 32;

export interface RestoredWindow {
  /** Undefined x/y: let the system place (centre) the window. */
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximised: boolean;
}

function overlap(a: Rect, b: Rect): Rect | null {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const right = Math.min(a.x + a.width, b.x + b.width);
  const bottom = Math.min(a.y + a.height, b.y + b.height);
  return right > x && bottom > y ? { x, y, width: right - x, height: bottom - y } : null;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), Math.max(min, max));
}

/**
 * Where the main window opens: the saved place when its title bar is still on one of today's
 * displays (a monitor may have gone since), its size clamped to that display's work area;
 * otherwise a default size on the primary display, placed by the system. Maximised stays.
 */
export function restoreWindow(
  saved: WindowBounds | null,
  workAreas: readonly Rect[],
  primary: Rect,
): RestoredWindow {
  const fallback = (maximised: boolean): RestoredWindow => ({
    width: clamp(DEFAULT_SIZE.width, MIN_SIZE.width, primary.width),
    height: clamp(DEFAULT_SIZE.height, MIN_SIZE.height, primary.height),
    maximised,
  });
  if (!saved) return fallback(false);
  const titleBar = { x: saved.x, y: saved.y, width: saved.width, height: GRAB_HEIGHT };
  const display = workAreas.find((area) => {
    const seen = overlap(titleBar, area);
    return seen !== null && seen.width >= Math.min(GRAB_WIDTH, saved.width) && saved.y >= area.y;
  });
  if (!display) return fallback(saved.maximised);
  const width = clamp(saved.width, MIN_SIZE.width, display.width);
  const height = clamp(saved.height, MIN_SIZE.height, display.height);
  return {
    x: clamp(saved.x, display.x, display.x + display.width - width),
    y: clamp(saved.y, display.y, display.y + display.height - height),
    width,
    height,
    maximised: saved.maximised,
  };
}

/** The part of a BrowserWindow that says where it is. */
export interface PlacedWindow {
  isMaximized(): boolean;
  isMinimized(): boolean;
  isFullScreen(): boolean;
  getNormalBounds(): Rect;
}

/**
 * The window's place to remember: its normal (unmaximised) bounds, so un-maximising after a
 * restart goes back to where it was, and whether it is maximised.
 */
export function captureWindow(window: PlacedWindow): WindowBounds {
  const bounds = window.getNormalBounds();
  return {
    x: Math.round(bounds.x),
    y: Math.round(bounds.y),
    width: Math.max(1, Math.round(bounds.width)),
    height: Math.max(1, Math.round(bounds.height)),
    maximised: window.isMaximized() || window.isFullScreen(),
  };
}
