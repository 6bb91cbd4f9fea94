/**
 * The Content-Security-Policy of the Electron renderer, sent with every app:// response (and on
 * every response of the session). connect-src is 'self' alone: the renderer talks to the backend
 * over IPC, so it needs no socket anywhere, and a ws:/wss: wildcard would let injected script
 * send what it read to any host.
 */
export const contentSecurityPolicy = [
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

/** The sources of one directive of a policy, or null when the policy has none. */
export function cspDirective(policy: string, name: string): string[] | null {
  for (const part of policy.split(';')) {
    const [directive, ...sources] = part.trim().split(/\s+/);
    if (directive?.toLowerCase() === name) return sources;
  }
  return null;
}
