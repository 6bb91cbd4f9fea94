/**
 * The Content-Security-Policy of the Electron renderer, sent with every app:// response (and on
 * every response of the session): the same one the WebSocket host serves the web build with.
 * connect-src is 'self' alone: the renderer talks to the backend over IPC, so it needs no socket
 * anywhere, and a ws:/wss: wildcard would let injected script send what it read to any host.
 */
export { rendererCsp as contentSecurityPolicy } from '@parley/backend';

/** The sources of one directive of a policy, or null when the policy has none. */
export function cspDirective(policy: string, name: string): string[] | null {
  for (const part of policy.split(';')) {
    const [directive, ...sources] = part.trim().split(/\s+/);
    if (directive?.toLowerCase() === name) return sources;
  }
  return null;
}
