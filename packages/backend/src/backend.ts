import type { Result } from '@parley/contract';
import type { Store } from '@parley/store';
import { Accounts } from './accounts.js';
import { dispatch } from './dispatch.js';
import { EventBus, type EventListener } from './event-bus.js';
import type { HandlerMap } from './handler-types.js';
import { accountHandlers } from './handlers/accounts.js';
import { messageHandlers } from './handlers/messages.js';
import { roomHandlers } from './handlers/rooms.js';
import { rosterHandlers } from './handlers/roster.js';
import type { ReconnectPolicy, RuntimeContext } from './runtime/context.js';

export interface BackendOptions {
  store: Store;
  /** Dev/test host only: a CA trusted in addition to the system's, for a local test server. */
  trustedCaPem?: string | null;
  reconnect?: ReconnectPolicy;
  mamPageSize?: number;
  catchUpOverlapMs?: number;
  /** XEP-0410: self-ping a joined room after this much silence (default 2 minutes). */
  roomSelfPingMs?: number;
  /** Check every event against the contract (tests and development; off in production). */
  validateEvents?: boolean;
}

export interface Backend {
  /** Untrusted input from any transport: validated here, answered with a typed Result. */
  handle(name: unknown, payload: unknown): Promise<Result<unknown>>;
  onEvent(listener: EventListener): () => void;
  /** Connects every enabled account. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createBackend(options: BackendOptions): Backend {
  const ctx: RuntimeContext = {
    store: options.store,
    bus: new EventBus(options.validateEvents ?? process.env['NODE_ENV'] !== 'production'),
    trustedCaPem: options.trustedCaPem ?? null,
    mamPageSize: options.mamPageSize ?? 100,
    catchUpOverlapMs: options.catchUpOverlapMs ?? 60_000,
    roomSelfPingMs: options.roomSelfPingMs ?? 120_000,
    ...(options.reconnect ? { reconnect: options.reconnect } : {}),
  };
  const accounts = new Accounts(ctx);
  const handlers: HandlerMap = {
    ...accountHandlers(accounts, ctx),
    ...rosterHandlers(accounts, ctx),
    ...messageHandlers(accounts, ctx),
    ...roomHandlers(accounts, ctx),
  };
  return {
    handle: (name, payload) => dispatch(handlers, name, payload),
    onEvent: (listener) => ctx.bus.subscribe(listener),
    async start() {
      for (const record of ctx.store.accounts.list()) {
        if (record.enabled) accounts.runtime(record.id).connect();
      }
    },
    stop: () => accounts.stopAll(),
  };
}
