import { APP_ORIGIN } from './app-protocol.js';

export type RendererPage = 'index.html' | 'unlock.html';

export interface RendererSourceOptions {
  /** app.isPackaged: a packaged app never loads its pages from anywhere else. */
  isPackaged: boolean;
  /** ELECTRON_RENDERER_URL, set by `electron-vite dev` for its dev server. */
  devServerUrl: string | undefined;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The URL a window loads `page` from. Only an unpackaged app (development) honours the dev
 * server's URL, and only a plain http one on this machine: in a packaged app the environment
 * is anyone's to set, and the page gets the preload's whole API.
 */
export function rendererUrl(
  page: RendererPage,
  options: RendererSourceOptions,
  search = '',
): string {
  const dev = options.isPackaged ? null : devServer(options.devServerUrl);
  if (dev) return new URL(`${page}${search}`, dev).toString();
  return `${APP_ORIGIN}/${page}${search}`;
}

function devServer(raw: string | undefined): URL | null {
  if (!raw) return null;
  try {
    const url = new URL(raw.endsWith('/') ? raw : `${raw}/`);
    return url.protocol === 'http:' && LOOPBACK.has(url.hostname) ? url : null;
  } catch {
    return null;
  }
}
