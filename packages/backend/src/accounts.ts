import { randomBytes, randomUUID } from 'node:crypto';
import type { Account } from '@parley/contract';
import type { AccountRecord } from '@parley/store';
import { parseBareAddress } from './addresses.js';
import { textError } from './handler-types.js';
import { toAccountView } from './runtime/account-view.js';
import { AccountRuntime } from './runtime/account-runtime.js';
import type { RuntimeContext } from './runtime/context.js';

/** Owns the account records and one runtime per account. */
export class Accounts {
  private readonly runtimes = new Map<string, AccountRuntime>();

  constructor(private readonly ctx: RuntimeContext) {}

  list(): Account[] {
    return this.ctx.store.accounts.list().map((record) => this.view(record));
  }

  view(record: AccountRecord): Account {
    return toAccountView(record, this.runtime(record.id).status, this.ctx.store.settings);
  }

  viewById(id: string): Account {
    return this.view(this.record(id));
  }

  record(id: string): AccountRecord {
    const record = this.ctx.store.accounts.get(id);
    if (!record) throw textError('not-found', 'account.not-found');
    return record;
  }

  runtime(id: string): AccountRuntime {
    let runtime = this.runtimes.get(id);
    if (!runtime) {
      const record = this.record(id);
      runtime = new AccountRuntime(this.ctx, record, () => {
        const current = this.ctx.store.accounts.get(id);
        if (current) this.ctx.bus.emit('account.changed', this.view(current));
      });
      this.runtimes.set(id, runtime);
    }
    return runtime;
  }

  add(settings: {
    jid: string;
    password: string;
    host: string | null;
    port: number | null;
    tlsMode: AccountRecord['tlsMode'];
  }): AccountRecord {
    const bare = normalizeBareJid(settings.jid);
    if (this.ctx.store.accounts.list().some((a) => a.jid === bare)) {
      throw textError('conflict', 'account.exists', { jid: bare });
    }
    return this.ctx.store.accounts.insert({
      id: randomUUID(),
      jid: bare,
      password: settings.password,
      host: settings.host,
      port: settings.port,
      tlsMode: settings.tlsMode,
      pinnedFingerprint256: null,
      pinnedCertPem: null,
      enabled: true,
      // A random resource per install: predictable ones leak which client a user runs.
      resource: `parley.${randomBytes(4).toString('hex')}`,
      ownPresence: { show: 'available', status: '' },
    });
  }

  async remove(id: string): Promise<void> {
    this.record(id);
    await this.runtimes.get(id)?.dispose();
    this.runtimes.delete(id);
    this.ctx.store.accounts.remove(id);
    this.ctx.bus.emit('account.removed', { id });
  }

  async reconnect(id: string): Promise<void> {
    const runtime = this.runtime(id);
    await runtime.disconnect();
    runtime.connect();
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.runtimes.values()].map((r) => r.disconnect()));
  }
}

/** A user's or room's address as its bare JID text (see addresses.ts). */
export function normalizeBareJid(text: string): string {
  return parseBareAddress(text);
}
