import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type {
  CommandName,
  CommandRequest,
  CommandResponse,
  EventName,
  EventPayload,
  Result,
} from '@parley/contract';
import { openStore, type Store } from '@parley/store';
import { createBackend, type Backend, type BackendOptions } from '../backend.js';

export interface Harness {
  backend: Backend;
  store: Store;
  dir: string;
  call<N extends CommandName>(name: N, request: CommandRequest<N>): Promise<CommandResponse<N>>;
  raw(name: unknown, payload: unknown): Promise<Result<unknown>>;
  waitFor<E extends EventName>(
    name: E,
    match?: (payload: EventPayload<E>) => boolean,
    timeoutMs?: number,
  ): Promise<EventPayload<E>>;
  events: Array<{ name: EventName; payload: unknown }>;
  /** What Electron main does on a drop or a pick: a one-use grant for files.send. */
  grant(path: string): { grant: string; name: string };
  /** Stops the backend, closes the store; keeps the files unless `remove`. */
  close(remove?: boolean): Promise<void>;
}

/** A real backend on a real encrypted store in a temp dir (reopenable with the same key). */
export function startHarness(options: {
  caPem: string;
  dir?: string;
  key?: Buffer;
  mamPageSize?: number;
  validateEvents?: boolean;
  catchUpOverlapMs?: number;
  roomSelfPingMs?: number;
  transferStallMs?: number;
  /** Default: Downloads inside the harness dir. */
  downloadDir?: string;
  /** Files sent to these peers go XEP-0454-encrypted. */
  encryptFilesFor?: (accountId: string, peer: string) => boolean;
  /** Direct (XEP-0234) transfers: the transports to offer and the waits. */
  directTransports?: BackendOptions['directTransports'];
  directTiming?: BackendOptions['directTiming'];
}): Harness {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'parley-backend-'));
  const key = options.key ?? randomBytes(32);
  const store = openStore({ path: join(dir, 'parley.db'), key });
  const grants = new Map<string, string>();
  const backend = createBackend({
    takeFileGrant: (token) => {
      const path = grants.get(token) ?? null;
      grants.delete(token);
      return path;
    },
    store,
    trustedCaPem: options.caPem || null,
    reconnect: { minDelayMs: 100, maxDelayMs: 1_000, factor: 1.5 },
    mamPageSize: options.mamPageSize ?? 50,
    validateEvents: options.validateEvents ?? true,
    downloadDir: options.downloadDir ?? join(dir, 'Downloads'),
    allowLoopbackHttp: true,
    ...(options.encryptFilesFor ? { encryptFilesFor: options.encryptFilesFor } : {}),
    ...(options.directTransports ? { directTransports: options.directTransports } : {}),
    ...(options.directTiming ? { directTiming: options.directTiming } : {}),
    ...(options.transferStallMs !== undefined ? { transferStallMs: options.transferStallMs } : {}),
    ...(options.roomSelfPingMs !== undefined ? { roomSelfPingMs: options.roomSelfPingMs } : {}),
    ...(options.catchUpOverlapMs !== undefined
      ? { catchUpOverlapMs: options.catchUpOverlapMs }
      : {}),
  });
  const events: Harness['events'] = [];
  let closed = false;
  const waiters = new Set<{ name: EventName; check: (payload: unknown) => boolean }>();
  backend.onEvent((name, payload) => {
    events.push({ name, payload });
    for (const waiter of waiters) if (waiter.name === name) waiter.check(payload);
  });
  return {
    backend,
    store,
    dir,
    events,
    async call(name, request) {
      const result = await backend.handle(name, request);
      if (!result.ok) throw new Error(`${name}: ${result.error.code}: ${result.error.message}`);
      return result.value as never;
    },
    raw: (name, payload) => backend.handle(name, payload),
    grant(path) {
      const token = randomBytes(24).toString('base64url');
      grants.set(token, path);
      return { grant: token, name: basename(path) };
    },
    waitFor(name, match = () => true, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const waiter = {
          name,
          check: (payload: unknown) => {
            if (!match(payload as never)) return false;
            clearTimeout(timer);
            waiters.delete(waiter);
            resolve(payload as never);
            return true;
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`timed out waiting for ${name}`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    async close(remove = false) {
      if (!closed) {
        closed = true;
        await backend.stop();
        store.close();
      }
      if (remove) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls until `check` holds (bounded), for state that arrives through several events. */
export async function eventually<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
