import { describe, expect, it } from 'vitest';
import { captureWindow, DEFAULT_SIZE, MIN_SIZE, restoreWindow } from './window-state.js';

const laptop = { x: 0, y: 0, width: 1440, height: 870 };
const rightMonitor = { x: 1440, y: -200, width: 2560, height: 1400 };

describe('restoring the window place', () => {
  it('opens at the default size, placed by the system, the first time', () => {
    expect(restoreWindow(null, [laptop], laptop)).toEqual({ ...DEFAULT_SIZE, maximised: false });
  });

  it('puts the window back where it was on a display that is still there', () => {
    const saved = { x: 1600, y: 0, width: 1300, height: 900, maximised: false };
    expect(restoreWindow(saved, [laptop, rightMonitor], laptop)).toEqual({
      x: 1600,
      y: 0,
      width: 1300,
      height: 900,
      maximised: false,
    });
  });

  it('falls back to the primary display when the monitor it was on is gone, keeping maximised', () => {
    const saved = { x: 2000, y: 100, width: 1300, height: 900, maximised: true };
    expect(restoreWindow(saved, [laptop], laptop)).toEqual({
      ...DEFAULT_SIZE,
      height: 800,
      maximised: true,
    });
  });

  it('does not count a window whose title bar is off screen (above the top, or a sliver)', () => {
    const above = { x: 100, y: -500, width: 800, height: 600, maximised: false };
    expect(restoreWindow(above, [laptop], laptop).x).toBeUndefined();
    const sliver = { x: 1400, y: 100, width: 800, height: 600, maximised: false };
    expect(restoreWindow(sliver, [laptop], laptop).x).toBeUndefined();
  });

  it('clamps a window larger than its display, and one hanging over the edge, into the work area', () => {
    const huge = { x: 1000, y: 300, width: 5000, height: 3000, maximised: false };
    expect(restoreWindow(huge, [laptop], laptop)).toEqual({
      x: 0,
      y: 0,
      width: 1440,
      height: 870,
      maximised: false,
    });
    const overEdge = { x: 1000, y: 500, width: 800, height: 600, maximised: false };
    expect(restoreWindow(overEdge, [laptop], laptop)).toMatchObject({ x: 640, y: 270 });
  });

  it('never goes below the minimum size, even on a small display', () => {
    const tiny = { x: 10, y: 10, width: 200, height: 100, maximised: false };
    const restored = restoreWindow(tiny, [laptop], laptop);
    expect(restored.width).toBe(MIN_SIZE.width);
    expect(restored.height).toBe(MIN_SIZE.height);
  });
});

describe('remembering the window place', () => {
  it('keeps the normal bounds of a maximised window and that it was maximised', () => {
    const window = {
      isMaximized: () => true,
      isMinimized: () => false,
      isFullScreen: () => false,
      getNormalBounds: () => ({ x: 10.4, y: 20.6, width: 900, height: 700 }),
    };
    expect(captureWindow(window)).toEqual({
      x: 10,
      y: 21,
      width: 900,
      height: 700,
      maximised: true,
    });
  });
});
