import { extname, isAbsolute, join, relative } from 'node:path';

/**
 * The renderer is served from app://parley/… rather than file://: a page from file:// may read
 * other local files, one from a custom protocol sees only what this resolver hands out. Every
 * request maps to a file under the built renderer folder or to nothing.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'parley';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * The file under `root` that `rawUrl` names, or null when it names none: another scheme or host,
 * an escape from `root` ('..', encoded or not, backslashes, drive letters, NUL), a hidden name.
 * '/' is index.html; the query and fragment are the page's business, not the file's.
 */
export function resolveAppRequest(root: string, rawUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.hostname !== APP_HOST) return null;
  if (url.username !== '' || url.password !== '' || url.port !== '') return null;
  if (url.pathname === '/' || url.pathname === '') return join(root, 'index.html');
  const segments: string[] = [];
  for (const raw of url.pathname.split('/').slice(1)) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return null;
    }
    // Decoding may reveal separators ("%2f", "%5c") or a parent ("%2e%2e"): refused, never
    // interpreted. A leading dot also covers "." and "..", and hidden files are never served.
    if (segment === '' || /[/\\:\0]/.test(segment) || segment.startsWith('.')) return null;
    segments.push(segment);
  }
  const file = join(root, ...segments);
  const inside = relative(root, file);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return null;
  return file;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wasm': 'application/wasm',
};

/** The type of a built renderer file, by its name (we built it: no sniffing needed). */
export function appContentType(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}
