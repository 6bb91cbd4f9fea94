import type { Store } from '@parley/store';
import type { EventBus } from '../event-bus.js';
import type { FilesConfig } from './files/config.js';
import type { Transfers } from './files/transfers.js';
import type { DirectTiming } from './files/direct/sender.js';
import type { DirectTransportKind } from './files/direct/transport.js';

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
  /** Direct (XEP-0234) transfers: the transports offered, in order, and the waits (default: available-transports.ts). */
  direct?: { transports: readonly DirectTransportKind[]; timing: DirectTiming };
}
