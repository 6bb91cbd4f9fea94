/**
 * The Content-Security-Policy of the renderer, wherever it is served: by Electron main (app://)
 * and by the WebSocket host (the web build). connect-src is 'self' alone: in Electron the
 * renderer needs no socket (IPC), on the host 'self' covers ws:// to the host's own port; a
 * ws:/wss: wildcard would let injected script send what it read to any host.
 */
export const rendererCsp = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  // Inline previews of downloaded videos come as data: URLs, a sender's own file as blob:.
  "media-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');
