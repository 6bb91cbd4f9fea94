import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, cspDirective } from './csp.js';

/** The policy a page's <meta http-equiv="Content-Security-Policy"> sets. */
function metaPolicy(page: string): string {
  const html = readFileSync(fileURLToPath(new URL(`../renderer/${page}`, import.meta.url)), 'utf8');
  const match = /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html);
  if (!match?.[1]) throw new Error(`${page} has no CSP meta tag`);
  return match[1];
}

describe('renderer Content-Security-Policy', () => {
  it('the Electron policy connects to nothing but its own origin', () => {
    expect(cspDirective(contentSecurityPolicy, 'connect-src')).toEqual(["'self'"]);
    expect(cspDirective(contentSecurityPolicy, 'script-src')).toEqual(["'self'"]);
    expect(cspDirective(contentSecurityPolicy, 'object-src')).toEqual(["'none'"]);
  });

  it('the page itself (also the web build) has no ws:/wss: wildcard', () => {
    // 'self' covers ws(s):// to the page's own host (CSP 3), which is all the web build needs
    // to reach the WebSocket host that served it.
    const connect = cspDirective(metaPolicy('index.html'), 'connect-src');
    expect(connect).toEqual(["'self'"]);
    for (const page of ['index.html', 'unlock.html']) {
      const policy = metaPolicy(page);
      for (const directive of ['connect-src', 'default-src']) {
        const sources = cspDirective(policy, directive) ?? [];
        expect(sources, `${page} ${directive}`).not.toContain('ws:');
        expect(sources, `${page} ${directive}`).not.toContain('wss:');
        expect(sources, `${page} ${directive}`).not.toContain('*');
      }
    }
  });
});
