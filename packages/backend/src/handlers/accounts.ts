import type { Accounts } from '../accounts.js';
import { type HandlerMap, textError } from '../handler-types.js';
import type { RuntimeContext } from '../runtime/context.js';

type AccountHandlers = Pick<
  HandlerMap,
  | 'accounts.list'
  | 'accounts.add'
  | 'accounts.update'
  | 'accounts.remove'
  | 'accounts.connect'
  | 'accounts.disconnect'
  | 'accounts.pinCertificate'
  | 'presence.set'
>;

export function accountHandlers(accounts: Accounts, ctx: RuntimeContext): AccountHandlers {
  const { store, bus } = ctx;
  return {
    'accounts.list': () => accounts.list(),
    'accounts.add': (request) => {
      const record = accounts.add(request);
      const view = accounts.view(record);
      bus.emit('account.changed', view);
      if (request.connect) accounts.runtime(record.id).connect();
      return accounts.viewById(record.id);
    },
    'accounts.update': async ({ id, ...patch }) => {
      const before = accounts.record(id);
      const changes = Object.fromEntries(
        Object.entries(patch).filter(([, value]) => value !== undefined),
      );
      const record = store.accounts.update(id, changes);
      if (!record) throw textError('not-found', 'account.not-found');
      const connectionChanged = ['password', 'host', 'port', 'tlsMode'].some((k) => k in changes);
      if (record.enabled && (connectionChanged || !before.enabled)) await accounts.reconnect(id);
      if (!record.enabled) await accounts.runtime(id).disconnect();
      const view = accounts.viewById(id);
      bus.emit('account.changed', view);
      return view;
    },
    'accounts.remove': async ({ id }) => {
      await accounts.remove(id);
      return { ok: true };
    },
    'accounts.connect': ({ id }) => {
      if (!accounts.record(id).enabled) {
        throw textError('conflict', 'account.disabled');
      }
      accounts.runtime(id).connect();
      return { ok: true };
    },
    'accounts.disconnect': async ({ id }) => {
      accounts.record(id);
      await accounts.runtime(id).disconnect();
      return { ok: true };
    },
    'accounts.pinCertificate': async ({ id, fingerprint256 }) => {
      const shown = accounts.runtime(id).status.untrustedCertificate;
      // Only the certificate the user was actually shown can be pinned, never an arbitrary one.
      if (!shown || shown.fingerprint256 !== fingerprint256) {
        throw textError('conflict', 'certificate.not-presented');
      }
      const record = store.accounts.update(id, { pinnedFingerprint256: fingerprint256 });
      if (record?.enabled) await accounts.reconnect(id);
      return accounts.viewById(id);
    },
    'presence.set': async ({ accountId, show, status }) => {
      accounts.record(accountId);
      store.accounts.update(accountId, { ownPresence: { show, status } });
      store.accounts.rememberStatus(accountId, status);
      await accounts.runtime(accountId).setPresence({ show, status });
      bus.emit('account.changed', accounts.viewById(accountId));
      return { ok: true };
    },
  };
}
