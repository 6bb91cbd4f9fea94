import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { APP_SCHEME, appContentType, resolveAppRequest } from './app-protocol.js';
import { contentSecurityPolicy } from './csp.js';

/** Before app ready: app:// is a standard, secure origin (so 'self' and fetch work as for https). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** After app ready: app://parley/… answers with the built renderer's files and nothing else. */
export function serveApp(rendererRoot: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = request.method === 'GET' ? resolveAppRequest(rendererRoot, request.url) : null;
    const body = file ? await readFile(file).catch(() => null) : null;
    if (!file || !body) return new Response('Not found', { status: 404 });
    return new Response(body, {
      headers: {
        'Content-Type': appContentType(file),
        'Content-Security-Policy': contentSecurityPolicy,
        'X-Content-Type-Options': 'nosniff',
      },
    });
  });
}
