import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProsody, type TestServer } from '@parley/testkit';
import { Session, xml } from '@parley/xmpp';
import { befriend, login as loginOn } from './test-support/accounts.js';
import { eventually, startHarness, type Harness } from './test-support/harness.js';

let server: TestServer;
const open: Harness[] = [];

beforeAll(async () => {
  server = await startProsody();
});
afterAll(async () => {
  await Promise.all(open.map((h) => h.close(true)));
  await server?.stop();
});

const login = (local: string, harness?: Harness) => loginOn(server, open, local, harness);

/** Waits until `viewer` knows `count` OMEMO devices of `jid` (by id, either version). */
async function knowsDevicesOf(
  viewer: Awaited<ReturnType<typeof login>>,
  jid: string,
  count: number,
): Promise<void> {
  await eventually(async () => {
    const { devices } = await viewer.h.call('omemo.devices.list', {
      accountId: viewer.account.id,
      jid,
    });
    return new Set(devices.map((d) => d.deviceId)).size >= count;
  });
}

describe('backend against Prosody', () => {
  it('subscribes two accounts to each other and exchanges messages both ways', async () => {
    await server.createUser('ann', 'ann-pw');
    await server.createUser('ben', 'ben-pw');
    const ann = await login('ann');
    const ben = await login('ben');
    await befriend(ann, ben);

    const contact = await eventually(async () => {
      const roster = await ann.h.call('roster.list', { accountId: ann.account.id });
      const found = roster.find((c) => c.jid === ben.account.jid);
      return found && found.show === 'available' ? found : undefined;
    });
    expect(contact).toMatchObject({ name: 'Friend', groups: ['Work'], subscription: 'both' });

    const arrived = ben.h.waitFor('message.added', (m) => m.body === 'hello ben');
    const sent = await ann.h.call('messages.send', {
      accountId: ann.account.id,
      peer: ben.account.jid,
      body: 'hello ben',
    });
    expect(sent.status).toBe('pending');
    const received = await arrived;
    expect(received).toMatchObject({ direction: 'in', peer: ann.account.jid, status: 'received' });
    expect(received.stanzaId).not.toBeNull();

    // Acked by the server (XEP-0198), then delivered (XEP-0184 receipt from ben).
    await eventually(
      () => ann.h.store.messages.get(ann.account.id, sent.id)?.status === 'delivered',
    );

    const reply = ann.h.waitFor('message.added', (m) => m.body === 'hi ann');
    await ben.h.call('messages.send', {
      accountId: ben.account.id,
      peer: ann.account.jid,
      body: 'hi ann',
    });
    expect((await reply).direction).toBe('in');

    const page = await ann.h.call('messages.page', {
      accountId: ann.account.id,
      peer: ben.account.jid,
    });
    expect(page.messages.map((m) => m.body)).toEqual(['hello ben', 'hi ann']);
    const [conversation] = await ann.h.call('conversations.list', {});
    expect(conversation).toMatchObject({ peer: ben.account.jid, unread: 1 });
  });

  it('shows messages sent from another client of the same account (carbons)', async () => {
    await server.createUser('cara', 'cara-pw');
    await server.createUser('dan', 'dan-pw');
    const cara = await login('cara');
    const dan = await login('dan');
    await befriend(cara, dan);
    // Cara's second device: another backend with its own store, same account.
    const caraPhone = await login('cara');
    // OMEMO is on by default: a message is encrypted only for the devices its sender knows, so
    // both senders must have seen both of Cara's devices (PEP notifications race the sends).
    await knowsDevicesOf(caraPhone, cara.account.jid, 2);
    await knowsDevicesOf(dan, cara.account.jid, 2);

    const carbon = cara.h.waitFor('message.added', (m) => m.body === 'from my phone');
    await caraPhone.h.call('messages.send', {
      accountId: caraPhone.account.id,
      peer: dan.account.jid,
      body: 'from my phone',
    });
    expect(await carbon).toMatchObject({
      direction: 'out',
      fromOtherDevice: true,
      peer: dan.account.jid,
    });

    const both = Promise.all([
      cara.h.waitFor('message.added', (m) => m.body === 'to both'),
      caraPhone.h.waitFor('message.added', (m) => m.body === 'to both'),
    ]);
    await dan.h.call('messages.send', {
      accountId: dan.account.id,
      peer: cara.account.jid,
      body: 'to both',
    });
    const copies = await both;
    expect(copies.map((m) => m.direction)).toEqual(['in', 'in']);
  });

  it('catches up from the archive on login, and the store keeps it after a restart', async () => {
    await server.createUser('eve', 'eve-pw');
    await server.createUser('fay', 'fay-pw');
    const eve = await login('eve');
    const fay = await login('fay');
    await befriend(eve, fay);
    // Fay goes offline; eve writes; fay's next login must find the messages.
    await fay.h.call('accounts.disconnect', { id: fay.account.id });
    for (let i = 0; i < 120; i++) {
      await eve.h.call('messages.send', {
        accountId: eve.account.id,
        peer: fay.account.jid,
        body: `while away ${i}`,
      });
    }
    await eventually(() => eve.h.store.messages.outbox(eve.account.id).length === 0);
    const done = fay.h.waitFor('history.progress', (p) => p.done);
    await fay.h.call('accounts.connect', { id: fay.account.id });
    await done;
    await eventually(() => fay.h.store.messages.count(fay.account.id, eve.account.jid) >= 120);
    const page = await fay.h.call('messages.page', {
      accountId: fay.account.id,
      peer: eve.account.jid,
      limit: 500,
    });
    const bodies = page.messages.map((m) => m.body).filter((b) => b.startsWith('while away'));
    expect(bodies).toEqual(Array.from({ length: 120 }, (_, i) => `while away ${i}`));

    // Restart: the same encrypted store reopened with the same key still has every message,
    // and a second catch-up adds nothing twice.
    const key = fay.key;
    await fay.h.close();
    const reopened = startHarness({ caPem: server.caPem, dir: fay.h.dir, key });
    open.push(reopened);
    expect(reopened.store.messages.count(fay.account.id, eve.account.jid)).toBe(120);
    const again = reopened.waitFor('history.progress', (p) => p.done);
    await reopened.backend.start();
    await again;
    expect(reopened.store.messages.count(fay.account.id, eve.account.jid)).toBe(120);
  });

  it('refuses unknown commands and malformed payloads with typed errors and changes nothing', async () => {
    const h = startHarness({ caPem: server.caPem });
    open.push(h);
    expect(await h.raw('accounts.explode', {})).toMatchObject({
      ok: false,
      error: { code: 'unknown-command' },
    });
    expect(await h.raw('accounts.add', { jid: 'x@y', password: 5 })).toMatchObject({
      ok: false,
      error: { code: 'invalid-payload' },
    });
    expect(
      await h.raw('messages.send', { accountId: 'nope', peer: 'a@b', body: '' }),
    ).toMatchObject({ ok: false });
    expect(await h.raw('__proto__', {})).toMatchObject({
      ok: false,
      error: { code: 'unknown-command' },
    });
    expect(h.store.accounts.list()).toEqual([]);
  });

  it('reports a wrong password and an untrusted certificate in words, and connects once pinned', async () => {
    await server.createUser('gil', 'gil-pw');
    const h = startHarness({ caPem: server.caPem });
    open.push(h);
    const failed = h.waitFor('account.changed', (a) => a.state === 'error');
    await h.call('accounts.add', {
      jid: `gil@${server.domain}`,
      password: 'wrong',
      host: server.host,
      port: server.c2sPort,
      tlsMode: 'starttls',
    });
    expect((await failed).error).toMatchObject({ code: 'auth-failed' });

    const strict = startHarness({ caPem: '' });
    open.push(strict);
    const untrusted = strict.waitFor('account.changed', (a) => a.state === 'error');
    const account = await strict.call('accounts.add', {
      jid: `gil@${server.domain}`,
      password: 'gil-pw',
      host: server.host,
      port: server.c2sPort,
      tlsMode: 'starttls',
    });
    const shown = await untrusted;
    expect(shown.error?.code).toBe('certificate-untrusted');
    expect(shown.untrustedCertificate?.fingerprint256).toMatch(/^[0-9A-F:]{95}$/);
    const wrongPin = await strict.raw('accounts.pinCertificate', {
      id: account.id,
      fingerprint256: 'AA:'.repeat(31) + 'AA',
    });
    expect(wrongPin).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const online = strict.waitFor('account.changed', (a) => a.state === 'online');
    await strict.call('accounts.pinCertificate', {
      id: account.id,
      fingerprint256: shown.untrustedCertificate!.fingerprint256,
    });
    await online;
    expect(strict.store.accounts.get(account.id)?.pinnedFingerprint256).toBe(
      shown.untrustedCertificate!.fingerprint256,
    );
  });
});

describe('hostile peers', () => {
  it('drops a forged carbon and a forged roster push, and keeps talking', async () => {
    await server.createUser('hal', 'hal-pw');
    await server.createUser('mal', 'mal-pw');
    const hal = await login('hal');
    const mallory = new Session({
      jid: `mal@${server.domain}`,
      password: 'mal-pw',
      resource: 'evil',
      host: server.host,
      port: server.c2sPort,
      tlsMode: 'starttls',
      trust: { caPem: server.caPem },
    });
    await mallory.start();
    try {
      const halFull = `hal@${server.domain}/${hal.h.store.accounts.get(hal.account.id)!.resource}`;
      // A "sent" carbon claiming hal wrote to someone: only hal's own server may send carbons.
      await mallory.send(
        xml(
          'message',
          { to: halFull, type: 'chat' },
          xml(
            'sent',
            { xmlns: 'urn:xmpp:carbons:2' },
            xml(
              'forwarded',
              { xmlns: 'urn:xmpp:forward:0' },
              xml(
                'message',
                { from: halFull, to: `victim@${server.domain}`, type: 'chat' },
                xml('body', {}, 'forged carbon'),
              ),
            ),
          ),
        ),
      );
      // A roster push from a stranger adding itself to hal's roster.
      await mallory.send(
        xml(
          'iq',
          { to: halFull, type: 'set', id: 'push1' },
          xml(
            'query',
            { xmlns: 'jabber:iq:roster' },
            xml('item', {
              jid: `mal@${server.domain}`,
              subscription: 'both',
              name: 'Trusted friend',
            }),
          ),
        ),
      );
      const after = hal.h.waitFor('message.added', (m) => m.body === 'plain hello');
      await mallory.send(
        xml('message', { to: halFull, type: 'chat', id: 'p1' }, xml('body', {}, 'plain hello')),
      );
      await after;
      const bodies = hal.h.events
        .filter((e) => e.name === 'message.added')
        .map((e) => (e.payload as { body: string }).body);
      expect(bodies).toEqual(['plain hello']);
      expect(hal.h.store.messages.count(hal.account.id, `victim@${server.domain}`)).toBe(0);
      expect(hal.h.store.contacts.get(hal.account.id, `mal@${server.domain}`)).toBeNull();
    } finally {
      await mallory.stop();
    }
  });
});
