import { randomBytes } from 'node:crypto';
import type { Account } from '@parley/contract';
import type { TestServer } from '@parley/testkit';
import { eventually, startHarness, type Harness } from './harness.js';

export interface Device {
  h: Harness;
  account: Account;
  key: Buffer;
}

/** Where a test or bench server listens; a TestServer or a bench's copy of one. */
export interface ServerAddress {
  domain: string;
  host: string;
  c2sPort: number;
}

/**
 * Adds `local@domain` to the harness (over STARTTLS, through `port` if given) and waits until
 * it is online. The password is `<local>-pw` unless given.
 */
export async function addOnlineAccount(
  h: Harness,
  server: ServerAddress,
  local: string,
  options: { password?: string; port?: number; timeoutMs?: number } = {},
): Promise<Account> {
  const jid = `${local}@${server.domain}`;
  const online = h.waitFor(
    'account.changed',
    (a) => a.jid === jid && a.state === 'online',
    options.timeoutMs,
  );
  const account = await h.call('accounts.add', {
    jid,
    password: options.password ?? `${local}-pw`,
    host: server.host,
    port: options.port ?? server.c2sPort,
    tlsMode: 'starttls',
  });
  await online;
  // 'online' comes at resource binding; the login sync then sends our presence and ends with
  // the archive catch-up (an iq after the presence, so the server has taken it by then).
  // Until the presence, the server delivers nothing sent to our bare JID: wait for it.
  await eventually(
    () =>
      h.events.some(
        (e) =>
          e.name === 'history.progress' &&
          (e.payload as { accountId: string; done: boolean }).accountId === account.id &&
          (e.payload as { done: boolean }).done,
      ),
    options.timeoutMs,
  );
  return account;
}

/**
 * Logs in `local` on the test server, in a fresh backend or in `harness`.
 * Every harness made here is pushed to `opened` so the caller can close it.
 */
export async function login(
  server: TestServer,
  opened: Harness[],
  local: string,
  harness?: Harness,
  port?: number,
): Promise<Device> {
  const key = randomBytes(32);
  const h = harness ?? startHarness({ caPem: server.caPem, key });
  if (!harness) opened.push(h);
  const account = await addOnlineAccount(h, server, local, port ? { port } : {});
  return { h, account, key };
}

/** `a` asks `b` for a subscription, `b` accepts: a mutual subscription. */
export async function subscribeBothWays(a: Device, b: Device, name = '', groups: string[] = []) {
  const requested = b.h.waitFor('subscription.requested', (r) => r.jid === a.account.jid);
  await a.h.call('roster.add', { accountId: a.account.id, jid: b.account.jid, name, groups });
  await requested;
  await b.h.call('subscriptions.answer', {
    accountId: b.account.id,
    jid: a.account.jid,
    accept: true,
  });
  await eventually(
    () =>
      a.h.store.contacts.get(a.account.id, b.account.jid)?.subscription === 'both' &&
      b.h.store.contacts.get(b.account.id, a.account.jid)?.subscription === 'both',
  );
}

/** `a` adds `b` (name "Friend", group "Work"), `b` accepts. */
export function befriend(a: Device, b: Device): Promise<void> {
  return subscribeBothWays(a, b, 'Friend', ['Work']);
}
