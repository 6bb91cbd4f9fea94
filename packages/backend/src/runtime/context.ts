import type { Store } from '@parley/store';
import type { EventBus } from '../event-bus.js';
import type { FilesConfig } from './files/config.js';
import type { Transfers } from './files/transfers.js';

export interface ReconnectPolicy {
  minDelayMs: number;
  maxDelayMs: number;
  factor: number;
}

/** What every per-account part of the runtime shares. */
export interface RuntimeContext {
  store: Store;
  bus: EventBus;
  /** Dev/test host only: a CA to trust in addition to the system's (e.g. the test server's). */
  trustedCaPem: string | null;
  reconnect?: ReconnectPolicy;
  /** Page size for archive queries (Gajim uses 70, Converse.js 50). */
  mamPageSize: number;
  catchUpOverlapMs: number;
  /** XEP-0410: a joined room quiet this long is self-pinged. */
  roomSelfPingMs: number;
  /** Uploads and downloads of every account. */
  transfers: Transfers;
  files: FilesConfig;
}
