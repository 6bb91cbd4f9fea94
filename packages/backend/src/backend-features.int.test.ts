import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProsody, type TestServer } from '@parley/testkit';
import { befriend, login as loginOn } from './test-support/accounts.js';
import { eventually, startHarness, type Harness } from './test-support/harness.js';

let server: TestServer;
const opened: Harness[] = [];
const login = (local: string, harness?: Harness) => loginOn(server, opened, local, harness);

beforeAll(async () => {
  server = await startProsody();
});
afterAll(async () => {
  await Promise.all(opened.map((h) => h.close(true)));
  await server?.stop();
});

describe('history scroll-back', () => {
  it('loads older messages from the archive when the store runs out, in order, once', async () => {
    await server.createUser('kim', 'kim-pw');
    await server.createUser('lee', 'lee-pw');
    const kim = await login('kim');
    const lee = await login('lee');
    await befriend(kim, lee);
    // In the clear: a device added later cannot read what was encrypted before it existed
    // (OMEMO is on by default between two Parley users), and this is about the archive.
    await lee.h.call('omemo.conversation.set', {
      accountId: lee.account.id,
      peer: kim.account.jid,
      encryption: 'off',
    });
    const total = 130;
    for (let i = 0; i < total; i++) {
      await lee.h.call('messages.send', {
        accountId: lee.account.id,
        peer: kim.account.jid,
        body: `old ${i}`,
      });
    }
    await eventually(() => kim.h.store.messages.count(kim.account.id, lee.account.jid) === total);
    // Let the archive's timestamps fall clearly before the new device is added.
    await new Promise((r) => setTimeout(r, 1_100));

    // A new device for kim: its store starts empty and learns the history from the archive.
    // No catch-up overlap, so everything older than the device comes only by scroll-back.
    const fresh = startHarness({ caPem: server.caPem, catchUpOverlapMs: 0 });
    opened.push(fresh);
    const synced = fresh.waitFor('history.progress', (p) => p.done);
    const laptop = await login('kim', fresh);
    await synced;
    // The first sync brought at most the most recent page (mamPageSize 50 in tests; our own
    // receipts are archived too and may fill it): the rest must come by scroll-back.
    expect(laptop.h.store.messages.count(laptop.account.id, lee.account.jid)).toBeLessThanOrEqual(
      50,
    );
    const request = { accountId: laptop.account.id, peer: lee.account.jid, limit: 40 };
    let page = await laptop.h.call('messages.page', { ...request, before: null });
    const seen = [...page.messages];
    for (let i = 0; i < 20 && !page.complete; i++) {
      page = await laptop.h.call('messages.page', { ...request, before: seen[0]?.id ?? null });
      seen.unshift(...page.messages);
    }
    expect(page.complete).toBe(true);
    expect(seen.map((m) => m.body)).toEqual(Array.from({ length: total }, (_, i) => `old ${i}`));
    expect(laptop.h.store.messages.count(laptop.account.id, lee.account.jid)).toBe(total);
  });
});

describe('contacts and presence', () => {
  it('shows typing, presence with status, and roster edits on every device', async () => {
    await server.createUser('max', 'max-pw');
    await server.createUser('ned', 'ned-pw');
    const max = await login('max');
    const ned = await login('ned');
    await befriend(max, ned);

    const typing = max.h.waitFor('chatState.changed', (c) => c.state === 'composing');
    await ned.h.call('chatStates.send', {
      accountId: ned.account.id,
      peer: max.account.jid,
      state: 'composing',
    });
    expect(await typing).toMatchObject({ peer: ned.account.jid });

    await ned.h.call('presence.set', {
      accountId: ned.account.id,
      show: 'away',
      status: 'at lunch',
    });
    await eventually(async () => {
      const roster = await max.h.call('roster.list', { accountId: max.account.id });
      const contact = roster.find((c) => c.jid === ned.account.jid);
      return contact?.show === 'away' && contact.status === 'at lunch';
    });

    // A second device of max sees roster edits made on the first (roster pushes).
    const phone = await login('max');
    await max.h.call('roster.update', {
      accountId: max.account.id,
      jid: ned.account.jid,
      name: 'Ned S.',
      groups: ['Family', 'Work'],
    });
    for (const device of [max, phone]) {
      await eventually(() => {
        const contact = device.h.store.contacts.get(device.account.id, ned.account.jid);
        return contact?.name === 'Ned S.' && contact.groups.slice().sort().join() === 'Family,Work';
      });
    }
    const removed = phone.h.waitFor('roster.changed', (r) => r.removed.includes(ned.account.jid));
    await max.h.call('roster.remove', { accountId: max.account.id, jid: ned.account.jid });
    await removed;
    expect(max.h.store.contacts.get(max.account.id, ned.account.jid)).toBeNull();
  });

  it('sends no typing notifications while the account has them turned off', async () => {
    await server.createUser('uma', 'uma-pw');
    await server.createUser('vic', 'vic-pw');
    const uma = await login('uma');
    const vic = await login('vic');
    await befriend(uma, vic);
    expect(vic.account.sendChatStates).toBe(true);

    const changed = vic.h.waitFor('account.changed', (a) => !a.sendChatStates);
    const updated = await vic.h.call('settings.set', {
      key: 'sendChatStates',
      accountId: vic.account.id,
      value: false,
    });
    expect(updated).toEqual({ key: 'sendChatStates', accountId: vic.account.id, value: false });
    await changed;
    expect(vic.h.store.settings.get('sendChatStates', vic.account.id)).toBe(false);

    // Same stream, same order: had the composing (or the message's <active/>) gone out, uma
    // would have seen it by the time the message arrives.
    const from = uma.h.events.length;
    const quiet = uma.h.waitFor('message.added', (m) => m.body === 'no typing here');
    await vic.h.call('chatStates.send', {
      accountId: vic.account.id,
      peer: uma.account.jid,
      state: 'composing',
    });
    await vic.h.call('messages.send', {
      accountId: vic.account.id,
      peer: uma.account.jid,
      body: 'no typing here',
    });
    expect(await quiet).toMatchObject({ peer: vic.account.jid, direction: 'in' });
    const statesFromVic = uma.h.events
      .slice(from)
      .filter((e) => e.name === 'chatState.changed')
      .filter((e) => (e.payload as { peer: string }).peer === vic.account.jid);
    expect(statesFromVic).toEqual([]);

    // Back on: typing shows again, and a message carries <active/>.
    await vic.h.call('settings.set', {
      key: 'sendChatStates',
      accountId: vic.account.id,
      value: true,
    });
    const typing = uma.h.waitFor(
      'chatState.changed',
      (c) => c.peer === vic.account.jid && c.state === 'composing',
    );
    await vic.h.call('chatStates.send', {
      accountId: vic.account.id,
      peer: uma.account.jid,
      state: 'composing',
    });
    await typing;
    const active = uma.h.waitFor(
      'chatState.changed',
      (c) => c.peer === vic.account.jid && c.state === 'active',
    );
    await vic.h.call('messages.send', {
      accountId: vic.account.id,
      peer: uma.account.jid,
      body: 'typing again',
    });
    await active;
  });

  it('denies a subscription request and keeps the roster clean', async () => {
    await server.createUser('oli', 'oli-pw');
    await server.createUser('pat', 'pat-pw');
    const oli = await login('oli');
    const pat = await login('pat');
    const requested = pat.h.waitFor('subscription.requested', (r) => r.jid === oli.account.jid);
    await oli.h.call('roster.add', {
      accountId: oli.account.id,
      jid: pat.account.jid,
      name: '',
      groups: [],
    });
    await requested;
    const resolved = pat.h.waitFor('subscription.resolved', (r) => r.jid === oli.account.jid);
    await pat.h.call('subscriptions.answer', {
      accountId: pat.account.id,
      jid: oli.account.jid,
      accept: false,
    });
    await resolved;
    expect(await pat.h.call('subscriptions.pending', {})).toEqual([]);
    await eventually(() => {
      const contact = oli.h.store.contacts.get(oli.account.id, pat.account.jid);
      return contact && contact.subscription === 'none' && !contact.askSubscribe;
    });
  });
});

describe('several accounts at once', () => {
  it('keeps each account online with its own state and routes messages between them', async () => {
    await server.createUser('quinn', 'quinn-pw');
    await server.createUser('ray', 'ray-pw');
    const h = startHarness({ caPem: server.caPem });
    opened.push(h);
    const quinn = await login('quinn', h);
    const ray = await login('ray', h);
    await befriend(quinn, ray);
    const accounts = await h.call('accounts.list', {});
    expect(accounts.map((a) => [a.jid, a.state]).sort()).toEqual([
      [quinn.account.jid, 'online'],
      [ray.account.jid, 'online'],
    ]);
    const arrived = h.waitFor(
      'message.added',
      (m) => m.accountId === ray.account.id && m.direction === 'in',
    );
    await h.call('messages.send', {
      accountId: quinn.account.id,
      peer: ray.account.jid,
      body: 'same app',
    });
    expect(await arrived).toMatchObject({ body: 'same app', peer: quinn.account.jid });
    const conversations = await h.call('conversations.list', {});
    expect(conversations.map((c) => c.accountId).sort()).toEqual(
      [quinn.account.id, ray.account.id].sort(),
    );

    // Removing one account leaves the other untouched and wipes its data.
    await h.call('accounts.remove', { id: quinn.account.id });
    expect((await h.call('accounts.list', {})).map((a) => a.jid)).toEqual([ray.account.jid]);
    expect(h.store.messages.count(quinn.account.id, ray.account.jid)).toBe(0);
  });
});

describe('nicknames with subscriptions', () => {
  it('announces our nickname, and never takes theirs as the roster name on accepting', async () => {
    await server.createUser('sam', 'sam-pw');
    await server.createUser('tia', 'tia-pw');
    const sam = await login('sam');
    const tia = await login('tia');
    const requested = tia.h.waitFor('subscription.requested', (r) => r.jid === sam.account.jid);
    await sam.h.call('roster.add', {
      accountId: sam.account.id,
      jid: tia.account.jid,
      name: 'Tia',
      groups: [],
    });
    expect(await requested).toMatchObject({ name: 'sam' });
    await tia.h.call('subscriptions.answer', {
      accountId: tia.account.id,
      jid: sam.account.jid,
      accept: true,
    });
    // Their nickname is a hint the UI shows; the roster name is the user's (here: none given).
    await eventually(() => {
      const contact = tia.h.store.contacts.get(tia.account.id, sam.account.jid);
      return contact?.subscription === 'both';
    });
    expect(tia.h.store.contacts.get(tia.account.id, sam.account.jid)?.name).toBe('');
  });
});

describe('notification settings', () => {
  it('mutes a chat, sets a room and a private chat through it, and refuses unknown modes', async () => {
    await server.createUser('wes', 'wes-pw');
    const wes = await login('wes');
    const accountId = wes.account.id;
    const chat = `xena@${server.domain}`;

    // No message yet: the conversation is opened to hold the setting.
    const mutedEvent = wes.h.waitFor(
      'conversation.changed',
      (c) => c.peer === chat && c.notify === 'never',
    );
    // A full JID of a contact names the same (bare) conversation.
    const muted = await wes.h.call('conversations.setNotify', {
      accountId,
      peer: `${chat}/phone`,
      notify: 'never',
    });
    expect(muted).toMatchObject({ accountId, peer: chat, kind: 'chat', notify: 'never' });
    expect(await mutedEvent).toEqual(muted);

    const room = `notify-room@${server.mucDomain}`;
    await wes.h.call('rooms.create', { accountId, room, nick: 'Wes' });
    const roomEvent = wes.h.waitFor(
      'conversation.changed',
      (c) => c.peer === room && c.notify === 'all',
    );
    const loud = await wes.h.call('conversations.setNotify', {
      accountId,
      peer: room,
      notify: 'all',
    });
    expect(loud).toMatchObject({ peer: room, kind: 'room', notify: 'all' });
    expect(await roomEvent).toEqual(loud);
    // An occupant of a known room is a private chat of its own.
    const whisper = await wes.h.call('conversations.setNotify', {
      accountId,
      peer: `${room}/Yan`,
      notify: 'mentions',
    });
    expect(whisper).toMatchObject({ peer: `${room}/Yan`, kind: 'private', notify: 'mentions' });

    const refused = await wes.h.raw('conversations.setNotify', {
      accountId,
      peer: chat,
      notify: 'loud',
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });

    const listed = await wes.h.call('conversations.list', {});
    expect(
      Object.fromEntries(
        listed.filter((c) => c.accountId === accountId).map((c) => [c.peer, c.notify]),
      ),
    ).toEqual({ [chat]: 'never', [room]: 'all', [`${room}/Yan`]: 'mentions' });
  });
});

describe('a server without an archive', () => {
  it('logs in, chats and reports history as complete without asking for it', async () => {
    const bare = await startProsody({
      mamStorage: 'none',
      users: [
        { local: 'uma', password: 'uma-pw' },
        { local: 'vic', password: 'vic-pw' },
      ],
    });
    const devices: Harness[] = [];
    try {
      const uma = await loginOn(bare, devices, 'uma');
      const vic = await loginOn(bare, devices, 'vic');
      await eventually(() =>
        uma.h.events.some(
          (e) => e.name === 'history.progress' && (e.payload as { done: boolean }).done,
        ),
      );
      await befriend(uma, vic);
      const arrived = vic.h.waitFor('message.added', (m) => m.body === 'no archive here');
      await uma.h.call('messages.send', {
        accountId: uma.account.id,
        peer: vic.account.jid,
        body: 'no archive here',
      });
      await arrived;
      const page = await vic.h.call('messages.page', {
        accountId: vic.account.id,
        peer: uma.account.jid,
      });
      expect(page).toMatchObject({ complete: true });
      expect(page.messages.map((m) => m.body)).toEqual(['no archive here']);
      const done = uma.h.events.find(
        (e) => e.name === 'history.progress' && (e.payload as { done: boolean }).done,
      );
      expect(done?.payload).toMatchObject({ fetched: 0, done: true });
    } finally {
      await Promise.all(devices.map((h) => h.close(true)));
      await bare.stop();
    }
  });
});
