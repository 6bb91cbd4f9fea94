import type { ProxyInput } from '@parley/contract';
import { StoreConflictError, type ProxyRecord } from '@parley/store';
import type { Accounts } from '../accounts.js';
import { HandlerError, type HandlerMap } from '../handler-types.js';
import type { RuntimeContext } from '../runtime/context.js';

type AccountOptionHandlers = Pick<
  HandlerMap,
  | 'accounts.reorder'
  | 'accounts.options.set'
  | 'accounts.proxy.set'
  | 'presence.setAll'
  | 'presence.history.clear'
>;

/** Order, colour, priority, proxy and presence across accounts (issue 11). */
export function accountOptionHandlers(
  accounts: Accounts,
  ctx: RuntimeContext,
): AccountOptionHandlers {
  const { store, bus } = ctx;
  const changed = (id: string): void => bus.emit('account.changed', accounts.viewById(id));
  return {
    'accounts.reorder': ({ ids }) => {
      try {
        store.accounts.reorder(ids);
      } catch (error) {
        if (!(error instanceof StoreConflictError)) throw error;
        // An account added or removed since the list was shown: the caller reloads and retries.
        throw new HandlerError('conflict', 'The new order must name every account exactly once');
      }
      for (const record of store.accounts.list()) changed(record.id);
      return { ok: true };
    },
    'accounts.options.set': async ({ id, color, priority }) => {
      const before = accounts.record(id);
      store.accounts.update(id, {
        ...(color !== undefined ? { color } : {}),
        ...(priority !== undefined ? { priority } : {}),
      });
      // RFC 6121 §4.7.2.3: the priority travels in presence, so a new one is announced at once.
      if (priority !== undefined && priority !== before.priority) {
        await accounts.runtime(id).setPresence(before.ownPresence);
      }
      changed(id);
      return { ok: true };
    },
    'accounts.proxy.set': async ({ id, proxy }) => {
      const before = accounts.record(id);
      store.accounts.update(id, { proxy: proxy && toRecord(proxy, before.proxy) });
      const runtime = accounts.runtime(id);
      // A live or retrying connection moves to the new route now; an idle one keeps idling.
      if (before.enabled && runtime.status.state !== 'disconnected') await accounts.reconnect(id);
      changed(id);
      return { ok: true };
    },
    'presence.setAll': async ({ show, status }) => {
      const enabled = store.accounts.list().filter((a) => a.enabled);
      for (const record of enabled) {
        store.accounts.update(record.id, { ownPresence: { show, status } });
        store.accounts.rememberStatus(record.id, status);
      }
      // Sent side by side; one account's failure (a dropped link) must not stop the others.
      await Promise.allSettled(
        enabled.map((a) => accounts.runtime(a.id).setPresence({ show, status })),
      );
      for (const record of enabled) changed(record.id);
      return { ok: true };
    },
    'presence.history.clear': ({ accountId }) => {
      accounts.record(accountId);
      store.accounts.update(accountId, { statusHistory: [] });
      changed(accountId);
      return { ok: true };
    },
  };
}

/** An absent password keeps the one stored for this account's proxy; null removes it. */
function toRecord(input: ProxyInput, stored: ProxyRecord | null): ProxyRecord {
  const password = input.password === undefined ? (stored?.password ?? null) : input.password;
  return {
    type: input.type,
    host: input.host,
    port: input.port,
    username: input.username,
    password: input.username === null ? null : password,
  };
}
