import type { Store } from '@parley/store';

/** The one account a bench profile holds: online at start, STARTTLS to the test server. */
export function insertBenchAccount(
  store: Store,
  account: { id: string; jid: string; password?: string; host: string; port: number },
): void {
  store.accounts.insert({
    id: account.id,
    jid: account.jid,
    password: account.password ?? 'pw',
    host: account.host,
    port: account.port,
    tlsMode: 'starttls',
    pinnedFingerprint256: null,
    pinnedCertPem: null,
    enabled: true,
    resource: 'bench',
    ownPresence: { show: 'available', status: '' },
  });
}
