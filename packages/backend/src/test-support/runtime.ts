import { join } from 'node:path';
import type { TestServer } from '@parley/testkit';
import { newAccount, openTempStore, type TempStore } from '../../../store/src/test-support.js';
import { EventBus } from '../event-bus.js';
import { AccountRuntime } from '../runtime/account-runtime.js';
import type { ConnectionStatus } from '../runtime/account-view.js';
import { Transfers } from '../runtime/files/transfers.js';

export interface TestRuntime {
  runtime: AccountRuntime;
  temp: TempStore;
  bus: EventBus;
  statuses: ConnectionStatus[];
}

/**
 * One account's runtime on a real encrypted store, not yet connected: for integration tests
 * that reach inside it (register an incoming transform) before it goes online.
 */
export function testRuntime(
  server: Pick<TestServer, 'domain' | 'host' | 'caPem'>,
  local: string,
  port: number,
): TestRuntime {
  const temp = openTempStore();
  const bus = new EventBus(true);
  const record = newAccount(local, {
    jid: `${local}@${server.domain}`,
    password: `${local}-pw`,
    host: server.host,
    port,
    tlsMode: 'starttls',
    resource: `parley-${Math.random().toString(36).slice(2, 8)}`,
  });
  temp.store.accounts.insert(record);
  const statuses: ConnectionStatus[] = [];
  const runtime = new AccountRuntime(
    {
      store: temp.store,
      bus,
      trustedCaPem: server.caPem,
      reconnect: { minDelayMs: 100, maxDelayMs: 1_000, factor: 1.5 },
      mamPageSize: 50,
      catchUpOverlapMs: 0,
      roomSelfPingMs: 120_000,
      transfers: new Transfers(temp.store, bus),
      files: {
        downloadDir: join(temp.dir, 'Downloads'),
        uploadDir: join(temp.dir, 'uploads'),
        caPem: server.caPem,
        stallMs: 30_000,
        maxDownloadBytes: 10_000_000,
        allowLoopbackHttp: true,
        takeFileGrant: null,
        openFile: null,
      },
    },
    temp.store.accounts.get(record.id)!,
    (status) => statuses.push(status),
  );
  return { runtime, temp, bus, statuses };
}
