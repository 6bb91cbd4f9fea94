import { randomBytes } from 'node:crypto';
import type { Account } from '@parley/contract';
import type { TestServer } from '@parley/testkit';
import { eventually, startHarness, type Harness } from './harness.js';

export interface Device {
  h: Harness;
  account: Account;
  key: Buffer;
}

/**
 * Creates (once) and logs in `local` on the test server, in a fresh backend or in `harness`.
 * Every harness made here is pushed to `opened` so the caller can close it.
 */
export async function login(
  server: TestServer,
  opened: Harness[],
  local: string,
  harness?: Harness,
): Promise<Device> {
  const key = randomBytes(32);
  const h = harness ?? startHarness({ caPem: server.caPem, key });
  if (!harness) opened.push(h);
  const jid = `${local}@${server.domain}`;
  const online = h.waitFor('account.changed', (a) => a.jid === jid && a.state === 'online');
  const account = await h.call('accounts.add', {
    jid,
    password: `${local}-pw`,
    host: server.host,
    port: server.c2sPort,
    tlsMode: 'starttls',
  });
  await online;
  return { h, account, key };
}

/** `a` adds `b` (name "Friend", group "Work"), `b` accepts: a mutual subscription. */
export async function befriend(a: Device, b: Device): Promise<void> {
  const requested = b.h.waitFor('subscription.requested', (r) => r.jid === a.account.jid);
  await a.h.call('roster.add', {
    accountId: a.account.id,
    jid: b.account.jid,
    name: 'Friend',
    groups: ['Work'],
  });
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
