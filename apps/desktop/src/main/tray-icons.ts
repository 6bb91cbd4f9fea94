/**
 * The tray and taskbar images, drawn here in code (no artwork files, nothing third-party):
 * a chat bubble, the same with an unread dot, and the Windows taskbar overlay (a red disc with
 * the count). Pixels are premultiplied BGRA, what `nativeImage.createFromBitmap` takes.
 */
export interface Bitmap {
  width: number;
  height: number;
  data: Buffer;
}

export interface Rgba {
  r: number;
  g: number;
  b: number;
  a: number;
}

export const BUBBLE: Rgba = { r: 0x35, g: 0x66, b: 0xd6, a: 1 };
export const UNREAD_RED: Rgba = { r: 0xd9, g: 0x2d, b: 0x20, a: 1 };
const WHITE: Rgba = { r: 255, g: 255, b: 255, a: 1 };
/** macOS menu-bar "template" images are black with alpha; the system colours them. */
const TEMPLATE: Rgba = { r: 0, g: 0, b: 0, a: 1 };

/** A shape in unit coordinates (0..1 across the image): is this point inside? */
type Shape = (x: number, y: number) => boolean;
const SAMPLES = 4;

function blank(size: number): Bitmap {
  return { width: size, height: size, data: Buffer.alloc(size * size * 4) };
}

/** Paints a shape over the bitmap, antialiased by SAMPLES² samples per pixel. */
function paint(bitmap: Bitmap, shape: Shape, color: Rgba): void {
  const { width, height, data } = bitmap;
  for (let py = 0; py < height; py++) {
    for (let px = 0; px < width; px++) {
      let inside = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const x = (px + (sx + 0.5) / SAMPLES) / width;
          const y = (py + (sy + 0.5) / SAMPLES) / height;
          if (shape(x, y)) inside++;
        }
      }
      if (inside === 0) continue;
      const alpha = (color.a * inside) / (SAMPLES * SAMPLES);
      const at = (py * width + px) * 4;
      // "Source over" in premultiplied BGRA.
      const keep = 1 - alpha;
      data[at] = Math.round(color.b * alpha + data[at]! * keep);
      data[at + 1] = Math.round(color.g * alpha + data[at + 1]! * keep);
      data[at + 2] = Math.round(color.r * alpha + data[at + 2]! * keep);
      data[at + 3] = Math.round(255 * alpha + data[at + 3]! * keep);
    }
  }
}

const disc =
  (cx: number, cy: number, r: number): Shape =>
  (x, y) =>
    (x - cx) ** 2 + (y - cy) ** 2 <= r * r;

/** A rounded speech bubble with a tail at the lower left. */
const bubble: Shape = (x, y) => {
  const inBody = (x - 0.5) ** 2 / 0.46 ** 2 + (y - 0.44) ** 2 / 0.36 ** 2 <= 1;
  const inTail = y >= 0.6 && y <= 0.94 && x >= 0.12 && x <= 0.42 && x - 0.12 <= (0.94 - y) * 0.9;
  return inBody || inTail;
};

/** The tray icon at a pixel size; `dot` adds the unread dot; `template` for macOS's menu bar. */
export function trayIcon(size: number, options: { dot: boolean; template: boolean }): Bitmap {
  const bitmap = blank(size);
  paint(bitmap, bubble, options.template ? TEMPLATE : BUBBLE);
  if (options.dot) {
    // A white ring first, so the dot stands apart from the bubble.
    paint(bitmap, disc(0.78, 0.22, 0.24), options.template ? TEMPLATE : WHITE);
    paint(bitmap, disc(0.78, 0.22, 0.18), options.template ? TEMPLATE : UNREAD_RED);
  }
  return bitmap;
}

/** 3×5 pixel digits, one string per row ('#' set). */
const DIGITS: Record<string, readonly string[]> = {
  '0': ['###', '#.#', '#.#', '#.#', '###'],
  '1': ['.#.', '##.', '.#.', '.#.', '###'],
  '2': ['###', '..#', '###', '#..', '###'],
  '3': ['###', '..#', '###', '..#', '###'],
  '4': ['#.#', '#.#', '###', '..#', '..#'],
  '5': ['###', '#..', '###', '..#', '###'],
  '6': ['###', '#..', '###', '#.#', '###'],
  '7': ['###', '..#', '.#.', '.#.', '.#.'],
  '8': ['###', '#.#', '###', '#.#', '###'],
  '9': ['###', '#.#', '###', '..#', '###'],
};

/** The text of the overlay: the count up to 99; above it only the disc (the tooltip says). */
export function overlayText(count: number): string {
  return count >= 1 && count <= 99 ? String(Math.floor(count)) : '';
}

/** Windows' taskbar overlay (16×16 at scale 1): a red disc with the unread count in white. */
export function overlayIcon(size: number, count: number): Bitmap {
  const bitmap = blank(size);
  paint(bitmap, disc(0.5, 0.5, 0.5), UNREAD_RED);
  const text = overlayText(count);
  if (!text) return bitmap;
  // One digit in cells of two 16ths (6×10 at 16 px), two digits in cells of one 16th.
  const cell = (size / 16) * (text.length === 1 ? 2 : 1);
  const left = (size - (text.length * 4 - 1) * cell) / 2;
  const top = (size - 5 * cell) / 2;
  [...text].forEach((digit, index) => {
    const rows = DIGITS[digit]!;
    const x0 = left + index * 4 * cell;
    const shape: Shape = (x, y) => {
      const col = Math.floor((x * size - x0) / cell);
      const row = Math.floor((y * size - top) / cell);
      return row >= 0 && row < 5 && col >= 0 && col < 3 && rows[row]![col] === '#';
    };
    paint(bitmap, shape, WHITE);
  });
  return bitmap;
}
