// The square crop of our own avatar: which part of the picked image becomes the avatar (zoom
// and pan), and drawing it at most 192 px wide as PNG. Pure math apart from the drawing, so the
// choice of the square is tested without a canvas.

/** Our published avatar's largest side (Conversations and Dino publish 192 px too). */
export const OWN_AVATAR_PX = 192;
export const MAX_ZOOM = 4;

export interface CropView {
  /** 1 = the largest square that fits; up to MAX_ZOOM. */
  zoom: number;
  /** Where the square sits in the room left over, -1 (left/top) … 1 (right/bottom). */
  panX: number;
  panY: number;
}

export const CENTRED: CropView = { zoom: 1, panX: 0, panY: 0 };

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** The source square (image pixels) a view selects. */
export function cropSquare(
  width: number,
  height: number,
  view: CropView,
): { sx: number; sy: number; side: number } {
  const zoom = clamp(view.zoom, 1, MAX_ZOOM);
  const side = Math.min(width, height) / zoom;
  const sx = ((width - side) * (clamp(view.panX, -1, 1) + 1)) / 2;
  const sy = ((height - side) * (clamp(view.panY, -1, 1) + 1)) / 2;
  return { sx, sy, side };
}

/** Output side: the crop's own size, down to OWN_AVATAR_PX (never scaled up). */
export function outputSide(side: number): number {
  return Math.max(1, Math.min(OWN_AVATAR_PX, Math.round(side)));
}

/**
 * Moves the view by a drag of (dx, dy) screen pixels over a preview `previewPx` wide: the image
 * follows the pointer, so the square moves the other way.
 */
export function panBy(
  view: CropView,
  width: number,
  height: number,
  dx: number,
  dy: number,
  previewPx: number,
): CropView {
  const { side } = cropSquare(width, height, view);
  const scale = side / previewPx; // image pixels per preview pixel
  const roomX = width - side;
  const roomY = height - side;
  return {
    zoom: view.zoom,
    panX: roomX > 0 ? clamp(view.panX - (2 * dx * scale) / roomX, -1, 1) : 0,
    panY: roomY > 0 ? clamp(view.panY - (2 * dy * scale) / roomY, -1, 1) : 0,
  };
}

/** Draws the view of `image` onto `canvas` at `px` square. */
export function drawCrop(
  canvas: HTMLCanvasElement,
  image: HTMLImageElement | ImageBitmap,
  view: CropView,
  px: number,
): void {
  const { sx, sy, side } = cropSquare(image.width, image.height, view);
  canvas.width = px;
  canvas.height = px;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas');
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(image, sx, sy, side, side, 0, 0, px, px);
}

/** The avatar to publish: the view drawn at ≤ OWN_AVATAR_PX, as PNG bytes in base64. */
export async function croppedPng(
  image: HTMLImageElement | ImageBitmap,
  view: CropView,
): Promise<string> {
  const canvas = document.createElement('canvas');
  const { side } = cropSquare(image.width, image.height, view);
  drawCrop(canvas, image, view, outputSide(side));
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('the image could not be encoded');
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}
