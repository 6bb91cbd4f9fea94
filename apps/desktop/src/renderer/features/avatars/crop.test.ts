import { describe, expect, it } from 'vitest';
import { CENTRED, cropSquare, outputSide, panBy } from './crop';

describe('the square crop', () => {
  it('takes the largest centred square by default', () => {
    expect(cropSquare(400, 200, CENTRED)).toEqual({ sx: 100, sy: 0, side: 200 });
    expect(cropSquare(300, 600, CENTRED)).toEqual({ sx: 0, sy: 150, side: 300 });
  });

  it('zooms in and pans within the image only', () => {
    expect(cropSquare(400, 400, { zoom: 2, panX: -1, panY: 1 })).toEqual({
      sx: 0,
      sy: 200,
      side: 200,
    });
    // Out-of-range values are clamped: the square never leaves the image.
    expect(cropSquare(400, 400, { zoom: 9, panX: 5, panY: -5 })).toEqual({
      sx: 300,
      sy: 0,
      side: 100,
    });
  });

  it('drags follow the pointer', () => {
    const moved = panBy(CENTRED, 400, 200, 50, 0, 200);
    expect(moved.panX).toBeLessThan(0); // dragging right shows more of the left
    expect(moved.panY).toBe(0); // no room to move vertically
  });

  it('scales down to 192 px, never up', () => {
    expect(outputSide(1000)).toBe(192);
    expect(outputSide(64)).toBe(64);
  });
});
