import { readFile } from 'node:fs/promises';
import type { Message } from '@parley/contract';
import { SPAM_REPORT_LOG, startProsody, testClient, type TestServer } from '@parley/testkit';
import { xml, type Element } from '@parley/xmpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { befriend, login, type Device } from './test-support/accounts.js';
import { eventually, type Harness } from './test-support/harness.js';

// XEP-0191 blocking and XEP-0377 reports against Prosody's mod_blocklist (and a logged stand-in
// for mod_spam_reporting on `reporting`).
let plain: TestServer;
let reporting: TestServer;
const opened: Harness[] = [];
let n = 0;

async function user(server: TestServer, prefix: string): Promise<Device> {
  const local = `${prefix}${++n}`;
  await server.createUser(local, `${local}-pw`);
  return login(server, opened, local);
}

function sent(d: Device, peer: string, body: string): Promise<Message> {
  return d.h.call('messages.send', { accountId: d.account.id, peer, body });
}

function failed(d: Device, id: string): Promise<Message> {
  return d.h.waitFor('message.updated', (m) => m.id === id && m.status === 'failed');
}

function received(d: Device, from: string): Message[] {
  return d.h.events
    .filter((e) => e.name === 'message.added')
    .map((e) => e.payload as Message)
    .filter((m) => m.peer === from && m.direction === 'in');
}

beforeAll(async () => {
  [plain, reporting] = await Promise.all([startProsody(), startProsody({ spamReporting: true })]);
});
afterAll(async () => {
  await Promise.all(opened.map((h) => h.close(true)));
  await Promise.all([plain?.stop(), reporting?.stop()]);
});

describe('blocking (XEP-0191)', () => {
  it('stops a blocked contact’s messages, and lets them through again after unblock', async () => {
    const alice = await user(plain, 'alice');
    const bob = await user(plain, 'bob');
    await befriend(alice, bob);
    // In the clear: with OMEMO on, Bob could not even fetch Alice's keys while blocked.
    for (const [d, peer] of [
      [alice, bob],
      [bob, alice],
    ] as const) {
      await d.h.call('omemo.conversation.set', {
        accountId: d.account.id,
        peer: peer.account.jid,
        encryption: 'off',
      });
    }
    const state = await alice.h.call('blocking.block', {
      accountId: alice.account.id,
      jids: [bob.account.jid],
    });
    expect(state).toMatchObject({ jids: [bob.account.jid], supported: true });
    // Bob's presence stops with the block: he shows offline, not online forever.
    await eventually(
      async () =>
        (await alice.h.call('roster.list', { accountId: alice.account.id })).find(
          (c) => c.jid === bob.account.jid,
        )?.show === 'offline',
    );

    // Bob's message never reaches Alice: her server refuses it and tells Bob.
    const refused = await sent(bob, alice.account.jid, 'while blocked');
    expect((await failed(bob, refused.id)).error).toMatch(/did not take it/);
    // Alice writing to Bob while she blocks him fails with the reason.
    const own = await sent(alice, bob.account.jid, 'to a blocked contact');
    expect((await failed(alice, own.id)).error).toMatch(/blocked/i);
    expect(received(alice, bob.account.jid).map((m) => m.body)).not.toContain('while blocked');

    await alice.h.call('blocking.unblock', {
      accountId: alice.account.id,
      jids: [bob.account.jid],
    });
    const arrived = alice.h.waitFor('message.added', (m) => m.body === 'after unblock');
    await sent(bob, alice.account.jid, 'after unblock');
    await arrived;
    const bodies = alice.h.store.messages
      .page(alice.account.id, bob.account.jid, { beforeId: null, limit: 10 })
      .messages.map((m) => m.body);
    expect(bodies).not.toContain('while blocked');
    expect(bodies).toContain('after unblock');
  });

  it('follows blocks and unblocks made by another client of ours (pushes)', async () => {
    const first = await user(plain, 'alice');
    const local = first.account.jid.split('@')[0]!;
    const second = await login(plain, opened, local);
    const spammer = `spammer${++n}@${plain.domain}`;
    const pushed = first.h.waitFor('blocking.changed', (s) => s.jids.includes(spammer));
    await second.h.call('blocking.block', { accountId: second.account.id, jids: [spammer] });
    await pushed;
    expect((await first.h.call('blocking.list', { accountId: first.account.id })).jids).toContain(
      spammer,
    );
    // A whole domain, then an unblock: both seen by the other client.
    const domain = 'spam.example';
    const domainPushed = second.h.waitFor('blocking.changed', (s) => s.jids.includes(domain));
    await first.h.call('blocking.block', { accountId: first.account.id, jids: [domain] });
    await domainPushed;
    const unpushed = first.h.waitFor('blocking.changed', (s) => !s.jids.includes(spammer));
    await second.h.call('blocking.unblock', { accountId: second.account.id, jids: [spammer] });
    expect((await unpushed).jids).toEqual([domain]);
  });

  it('refuses a blocklist push from anyone but our own account', async () => {
    const alice = await user(plain, 'alice');
    const malloryLocal = `mallory${++n}`;
    await plain.createUser(malloryLocal, `${malloryLocal}-pw`);
    const mallory = await testClient(plain, malloryLocal, `${malloryLocal}-pw`);
    const spammer = `spammer${++n}@${plain.domain}`;
    await alice.h.call('blocking.block', { accountId: alice.account.id, jids: [spammer] });
    try {
      const resource = alice.h.store.accounts.get(alice.account.id)?.resource ?? '';
      // Mallory tells Alice's client that everyone was unblocked (XEP-0191 §3.5).
      const answer = await mallory.iqCaller
        .request(
          xml(
            'iq',
            { type: 'set', to: `${alice.account.jid}/${resource}` },
            xml('unblock', { xmlns: 'urn:xmpp:blocking' }),
          ),
        )
        .then(
          () => 'result',
          (error: { condition?: string }) => error.condition ?? 'error',
        );
      expect(answer).toBe('forbidden');
      expect((await alice.h.call('blocking.list', { accountId: alice.account.id })).jids).toEqual([
        spammer,
      ]);
    } finally {
      await mallory.stop().catch(() => {});
    }
  });

  it('blocks a stranger from its first message, and its next messages never arrive', async () => {
    const alice = await user(plain, 'alice');
    const strangerLocal = `stranger${++n}`;
    await plain.createUser(strangerLocal, `${strangerLocal}-pw`);
    const stranger = await testClient(plain, strangerLocal, `${strangerLocal}-pw`);
    const strangerJid = `${strangerLocal}@${plain.domain}`;
    const errors: Element[] = [];
    stranger.on('stanza', (s: Element) => {
      if (s.name === 'message' && s.attrs.type === 'error') errors.push(s);
    });
    try {
      const first = alice.h.waitFor('message.added', (m) => m.body === 'buy now');
      await stranger.send(
        xml(
          'message',
          { to: alice.account.jid, type: 'chat', id: 's1' },
          xml('body', {}, 'buy now'),
        ),
      );
      const message = await first;
      // Not on Alice's roster: the chat shows the stranger banner; she picks "Report spam".
      expect(alice.h.store.contacts.get(alice.account.id, strangerJid)).toBeNull();
      const { reported } = await alice.h.call('blocking.report', {
        accountId: alice.account.id,
        jid: strangerJid,
        messageIds: [message.id],
      });
      // This server takes no reports: the block alone was made.
      expect(reported).toBe(false);
      await stranger.send(
        xml('message', { to: alice.account.jid, type: 'chat', id: 's2' }, xml('body', {}, 'again')),
      );
      await eventually(() => errors.some((e) => e.attrs.id === 's2'));
      expect(received(alice, strangerJid).map((m) => m.body)).toEqual(['buy now']);
    } finally {
      await stranger.stop().catch(() => {});
    }
  });
});

describe('blocking a contact request', () => {
  it('settles the request without an answer, and the next request never arrives', async () => {
    const alice = await user(plain, 'alice');
    const strangerLocal = `stranger${++n}`;
    await plain.createUser(strangerLocal, `${strangerLocal}-pw`);
    const stranger = await testClient(plain, strangerLocal, `${strangerLocal}-pw`);
    const strangerJid = `${strangerLocal}@${plain.domain}`;
    const answers: Element[] = [];
    stranger.on('stanza', (s: Element) => {
      if (s.name === 'presence' && s.attrs.type === 'unsubscribed') answers.push(s);
    });
    try {
      const requested = alice.h.waitFor('subscription.requested', (r) => r.jid === strangerJid);
      await stranger.send(xml('presence', { to: alice.account.jid, type: 'subscribe' }));
      await requested;
      const resolved = alice.h.waitFor('subscription.resolved', (r) => r.jid === strangerJid);
      await alice.h.call('blocking.block', { accountId: alice.account.id, jids: [strangerJid] });
      await resolved;
      expect(await alice.h.call('subscriptions.pending', {})).toEqual([]);

      // Asked again (after a message it can see bounce, so the request went first).
      await stranger.send(xml('presence', { to: alice.account.jid, type: 'subscribe' }));
      const bounced = new Promise<void>((resolve) =>
        stranger.on('stanza', (s: Element) => {
          if (s.name === 'message' && s.attrs.type === 'error' && s.attrs.id === 'after') resolve();
        }),
      );
      await stranger.send(
        xml('message', { to: alice.account.jid, type: 'chat', id: 'after' }, xml('body', {}, 'x')),
      );
      await bounced;
      expect(await alice.h.call('subscriptions.pending', {})).toEqual([]);
      // Blocking said nothing to them: no "unsubscribed" as a denial would.
      expect(answers).toEqual([]);
    } finally {
      await stranger.stop().catch(() => {});
    }
  });
});

describe('blocking on this client alone (a server without XEP-0191)', () => {
  let bare: TestServer;
  beforeAll(async () => {
    bare = await startProsody({ withoutModules: ['blocklist'] });
  });
  afterAll(async () => {
    await bare?.stop();
  });

  it('drops what a blocked contact sends before it is stored or opens a conversation', async () => {
    const alice = await user(bare, 'alice');
    const bob = await user(bare, 'bob');
    await befriend(alice, bob);
    await bob.h.call('omemo.conversation.set', {
      accountId: bob.account.id,
      peer: alice.account.jid,
      encryption: 'off',
    });
    await eventually(
      async () =>
        (await alice.h.call('blocking.list', { accountId: alice.account.id })).supported === false,
    );
    const state = await alice.h.call('blocking.block', {
      accountId: alice.account.id,
      jids: [bob.account.jid],
    });
    expect(state).toMatchObject({ jids: [bob.account.jid], supported: false });

    // The server delivers it; Alice's client drops it.
    const mark = alice.h.events.length;
    const blocked = await sent(bob, alice.account.jid, 'while blocked');
    await eventually(() =>
      ['acked', 'delivered'].includes(
        bob.h.store.messages.get(bob.account.id, blocked.id)?.status ?? '',
      ),
    );
    // Bob's server took it, so it is on Alice's stream ahead of the answer to this request.
    await alice.h.call('roster.add', {
      accountId: alice.account.id,
      jid: `nobody${++n}@${bare.domain}`,
      name: '',
      groups: [],
    });
    const since = alice.h.events.slice(mark);
    expect(since.filter((e) => e.name === 'message.added')).toEqual([]);
    expect(since.filter((e) => e.name === 'conversation.changed')).toEqual([]);
    expect(alice.h.store.conversations.get(alice.account.id, bob.account.jid)).toBeNull();

    await alice.h.call('blocking.unblock', {
      accountId: alice.account.id,
      jids: [bob.account.jid],
    });
    const arrived = alice.h.waitFor('message.added', (m) => m.body === 'after unblock');
    await sent(bob, alice.account.jid, 'after unblock');
    expect((await arrived).peer).toBe(bob.account.jid);
  });
});

describe('spam reports (XEP-0377)', () => {
  it('reports with the message’s stanza-id inside the block, and the server takes it', async () => {
    const alice = await user(reporting, 'alice');
    const spammer = await user(reporting, 'spammer');
    const arrived = alice.h.waitFor('message.added', (m) => m.body === 'cheap pills');
    await sent(spammer, alice.account.jid, 'cheap pills');
    const message = await arrived;
    expect(message.stanzaId).toBeTruthy();
    await eventually(
      async () => (await alice.h.call('blocking.list', { accountId: alice.account.id })).reporting,
    );
    const answer = await alice.h.call('blocking.report', {
      accountId: alice.account.id,
      jid: spammer.account.jid,
      reason: 'spam',
      messageIds: [message.id],
      text: 'unsolicited advertising',
    });
    expect(answer).toMatchObject({ reported: true, state: { jids: [spammer.account.jid] } });
    const log = await eventually(async () => {
      const text = await readFile(reporting.logPath, 'utf8');
      return text
        .split('\n')
        .find((l) => l.includes(SPAM_REPORT_LOG) && l.includes(spammer.account.jid));
    });
    expect(log).toContain(`from=${alice.account.jid}`);
    expect(log).toContain('reason=urn:xmpp:reporting:spam');
    expect(log).toContain(`ids=${alice.account.jid}#${message.stanzaId}`);
    expect(log).toContain('text=unsolicited advertising');
  });
});
