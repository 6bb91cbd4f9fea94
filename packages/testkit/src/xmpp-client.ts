import tls from 'node:tls';
import { client } from '@xmpp/client';

/** The throwaway servers' CAs this process trusts, on top of the system's. */
const trusted = new Set<string>();
let patched = false;

/**
 * Makes every TLS connection of this process also trust `caPem`. @xmpp/client has no TLS
 * option (FACTS.md), and NODE_EXTRA_CA_CERTS is read only at process start, which a test
 * worker cannot choose; so the tls.connect that @xmpp/tls and @xmpp/starttls call is wrapped
 * once. For tests and benches only: Parley itself pins per account.
 */
export function trustCa(caPem: string): void {
  trusted.add(caPem);
  if (patched) return;
  patched = true;
  const original = tls.connect.bind(tls) as (...args: unknown[]) => tls.TLSSocket;
  const wrapped = (...args: unknown[]): tls.TLSSocket => {
    const [options] = args;
    if (options && typeof options === 'object' && !('ca' in options))
      args[0] = { ...options, ca: [...tls.rootCertificates, ...trusted] };
    return original(...args);
  };
  (tls as { connect: unknown }).connect = wrapped;
}

export type TestClient = ReturnType<typeof client>;

/**
 * A plain @xmpp/client session on a test server (STARTTLS, its CA trusted), available, with
 * stream management settled: a peer for tests (room owner, second user...).
 */
export async function testClient(
  server: { host: string; c2sPort: number; domain: string; caPem: string },
  local: string,
  password: string,
): Promise<TestClient> {
  trustCa(server.caPem);
  const xmpp = client({
    service: `xmpp://${server.host}:${server.c2sPort}`,
    domain: server.domain,
    username: local,
    password,
    resource: `test-${Math.random().toString(36).slice(2, 8)}`,
    // The default 2 s for the stream reopen after STARTTLS timed out once in ~15 runs on a
    // loaded 2-core machine.
    timeout: 10_000,
  });
  xmpp.on('error', () => {});
  await xmpp.start();
  // Sending before <enabled/> can make Prosody close the stream (see bench/lib/bare-client.ts).
  for (let waited = 0; !xmpp.streamManagement.enabled; waited += 5) {
    if (waited >= 5_000) throw new Error('stream management was not enabled');
    await new Promise((r) => setTimeout(r, 5));
  }
  return xmpp;
}
