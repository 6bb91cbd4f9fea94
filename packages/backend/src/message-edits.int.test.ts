// Corrections (XEP-0308) and retractions (XEP-0424) one to one, against a real Prosody and the
// real encrypted store, with slixmpp as the contact (its own 0308/0424 plugins) both ways: live,
// carbons to our second device, archive catch-up, and the hostile cases.
import type { Message } from '@parley/contract';
import { startProsody, type TestServer, type TestUser } from '@parley/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, type Device } from './test-support/accounts.js';
import { eventually, startHarness, type Harness } from './test-support/harness.js';
import { slixmppMissing, startDrivenPeer, type DrivenPeer } from './test-support/python-peer.js';

const noSlixmpp = slixmppMissing();
if (noSlixmpp) console.warn(`message-edits.int.test.ts skipped: ${noSlixmpp}`);

let server: TestServer;
const opened: Harness[] = [];
const peers: DrivenPeer[] = [];

function messagesWith(device: Device, peer: string): Message[] {
  return device.h.store.messages.page(device.account.id, peer, { beforeId: null, limit: 50 })
    .messages;
}

function stored(device: Device, id: string): Message | null {
  return device.h.store.messages.get(device.account.id, id);
}

async function peerFor(local: string): Promise<{ user: TestUser; peer: DrivenPeer }> {
  const user = await server.createUser(local, `${local}-pw`);
  const peer = await startDrivenPeer(server, user);
  peers.push(peer);
  return { user, peer };
}

async function pair(n: number): Promise<{ ann: Device; slix: TestUser; peer: DrivenPeer }> {
  await server.createUser(`ann${n}`, `ann${n}-pw`);
  const ann = await login(server, opened, `ann${n}`);
  const { user: slix, peer } = await peerFor(`slix${n}`);
  return { ann, slix, peer };
}

describe.skipIf(noSlixmpp)('corrections and retractions, one to one', () => {
  beforeAll(async () => {
    server = await startProsody();
  }, 60_000);

  afterAll(async () => {
    for (const peer of peers) peer.kill();
    for (const h of opened) await h.close(true);
    await server?.stop();
  }, 30_000);

  it('a contact’s corrections replace the text in place, keep every version, and a correction of a correction chains to the original', async () => {
    const { ann, slix, peer } = await pair(1);
    const to = ann.account.jid;
    // No origin-id: the correction can name the message only by its stanza id.
    await peer.run({ do: 'send', to, body: 'helo wrold', id: 's1', origin_id: false });
    const original = await eventually(() =>
      messagesWith(ann, slix.jid).find((m) => m.body === 'helo wrold'),
    );
    await peer.run({ do: 'correct', to, body: 'hello wrold', id: 'c1', replace: 's1' });
    await peer.run({ do: 'correct', to, body: 'hello world', id: 'c2', replace: 'c1' });
    await eventually(() => stored(ann, original.id)?.body === 'hello world');
    expect(stored(ann, original.id)?.edited?.count).toBe(2);
    expect(messagesWith(ann, slix.jid)).toHaveLength(1);
    const history = await ann.h.call('messages.editHistory', {
      accountId: ann.account.id,
      peer: slix.jid,
      messageId: original.id,
    });
    expect(history.map((v) => v.body)).toEqual(['helo wrold', 'hello wrold', 'hello world']);
  }, 60_000);

  it('a retraction from slixmpp (the :0 form) leaves a tombstone whose text is gone from the store', async () => {
    const { ann, slix, peer } = await pair(2);
    await peer.run({ do: 'send', to: ann.account.jid, body: 'to be removed', id: 'r1' });
    const original = await eventually(() =>
      messagesWith(ann, slix.jid).find((m) => m.body === 'to be removed'),
    );
    await peer.run({ do: 'retract', to: ann.account.jid, target: 'r1' });
    const tomb = await eventually(() => {
      const m = stored(ann, original.id);
      return m?.retracted ? m : undefined;
    });
    expect(tomb.body).toBe('');
    expect(tomb.retracted).toMatchObject({ by: slix.jid, moderated: false });
    // The fallback body of the retraction is no message of its own.
    expect(messagesWith(ann, slix.jid)).toHaveLength(1);
  }, 60_000);

  it('someone else’s correction or retraction, a forged carbon and a retraction of a message we do not have change nothing and store nothing', async () => {
    const { ann, slix: victim, peer: victimPeer } = await pair(3);
    const { user: mallory, peer: malloryPeer } = await peerFor('mallory3');
    const to = ann.account.jid;
    await victimPeer.run({ do: 'send', to, body: 'the original', id: 'v1' });
    const original = await eventually(() =>
      messagesWith(ann, victim.jid).find((m) => m.body === 'the original'),
    );
    await malloryPeer.run({ do: 'correct', to, body: 'forged', id: 'm1', replace: 'v1' });
    await malloryPeer.run({ do: 'retract', to, target: 'v1' });
    await malloryPeer.run({
      do: 'raw',
      xml:
        `<message to='${to}' type='chat' id='m2'><retract id='v1' ` +
        `xmlns='urn:xmpp:message-retract:1'/><body>gone</body></message>`,
    });
    // A "carbon" from mallory claiming the victim corrected their message (CVE-2017-5589 shape).
    await malloryPeer.run({
      do: 'raw',
      xml:
        `<message to='${to}' type='chat' id='m3'><received xmlns='urn:xmpp:carbons:2'>` +
        `<forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client' type='chat' ` +
        `from='${victim.jid}/x' to='${to}' id='m4'><body>forged carbon</body>` +
        `<replace id='v1' xmlns='urn:xmpp:message-correct:0'/></message></forwarded></received>` +
        `</message>`,
    });
    // The victim retracts a message Parley never had.
    await victimPeer.run({ do: 'retract', to, target: 'never-seen' });
    // Each sender's stanzas arrive in order: these mark that everything above was handled.
    await malloryPeer.run({ do: 'send', to, body: 'mallory done', id: 'm9' });
    await victimPeer.run({ do: 'send', to, body: 'victim done', id: 'v9' });
    await eventually(() => messagesWith(ann, mallory.jid).some((m) => m.body === 'mallory done'));
    await eventually(() => messagesWith(ann, victim.jid).some((m) => m.body === 'victim done'));

    expect(stored(ann, original.id)).toMatchObject({
      body: 'the original',
      edited: null,
      retracted: null,
    });
    expect(messagesWith(ann, victim.jid).map((m) => m.body)).toEqual([
      'the original',
      'victim done',
    ]);
    expect(messagesWith(ann, mallory.jid).map((m) => m.body)).toEqual(['mallory done']);
  }, 60_000);

  it('Parley’s correction and retraction reach slixmpp as its own plugins read them', async () => {
    const { ann, slix, peer } = await pair(4);
    const base = { accountId: ann.account.id, peer: slix.jid };
    const sent = await ann.h.call('messages.send', { ...base, body: 'teh plan' });
    await peer.message((m) => m.body === 'teh plan');
    await eventually(() => stored(ann, sent.id)?.status !== 'pending');
    const corrected = await ann.h.call('messages.correct', {
      ...base,
      messageId: sent.id,
      body: 'the plan',
    });
    expect(corrected).toMatchObject({ id: sent.id, body: 'the plan', edited: { count: 1 } });
    const correction = await peer.message((m) => m.replace === sent.id);
    expect(correction.body).toBe('the plan');
    expect(correction.id).not.toBe(sent.id);

    const tomb = await ann.h.call('messages.retract', { ...base, messageId: sent.id });
    expect(tomb).toMatchObject({ body: '', retracted: { moderated: false } });
    const retraction = await peer.message((m) => m.retract === sent.id);
    // The older form too, for clients (slixmpp 1.8.3 among them) that know only that one.
    expect(retraction.apply_to).toMatchObject({ id: sent.id });
    // Nothing waits to be sent any more.
    await eventually(() => ann.h.store.messageEdits.outgoing(ann.account.id).length === 0);
  }, 60_000);

  it('a correction read a history page before its original (scroll-back reads the newest page first) applies once the original is stored', async () => {
    const { ann, slix, peer } = await pair(7);
    const to = ann.account.jid;
    await peer.run({ do: 'send', to, body: 'old typo', id: 'o1' });
    await peer.run({ do: 'send', to, body: 'filler one', id: 'o2' });
    await peer.run({ do: 'send', to, body: 'filler two', id: 'o3' });
    await peer.run({ do: 'correct', to, body: 'old text fixed', id: 'o4', replace: 'o1' });
    await eventually(() => messagesWith(ann, slix.jid).some((m) => m.body === 'old text fixed'));
    // Archive stamps have one-second precision: the new device's first catch-up starts after.
    await new Promise((r) => setTimeout(r, 1_100));
    // A new device of the account, with pages of two: its history comes by scroll-back.
    const h = startHarness({ caPem: server.caPem, mamPageSize: 2, catchUpOverlapMs: 0 });
    opened.push(h);
    const fresh = await login(server, opened, 'ann7', h);
    const page = await fresh.h.call('messages.page', {
      accountId: fresh.account.id,
      peer: slix.jid,
      before: null,
      limit: 3,
    });
    expect(page.messages.map((m) => m.body)).toEqual([
      'old text fixed',
      'filler one',
      'filler two',
    ]);
    expect(page.messages[0]?.edited?.count).toBe(1);
  }, 60_000);

  it('a correction made offline is stored, shown at once, and sent when the account is back', async () => {
    const { ann, slix, peer } = await pair(6);
    const base = { accountId: ann.account.id, peer: slix.jid };
    const sent = await ann.h.call('messages.send', { ...base, body: 'see you at 6' });
    await peer.message((m) => m.body === 'see you at 6');
    await eventually(() => stored(ann, sent.id)?.status !== 'pending');
    const offline = ann.h.waitFor(
      'account.changed',
      (a) => a.id === ann.account.id && a.state === 'disconnected',
    );
    await ann.h.call('accounts.disconnect', { id: ann.account.id });
    await offline;
    const corrected = await ann.h.call('messages.correct', {
      ...base,
      messageId: sent.id,
      body: 'see you at 7',
    });
    expect(corrected.body).toBe('see you at 7');
    expect(ann.h.store.messageEdits.outgoing(ann.account.id)).toHaveLength(1);
    // A message not sent yet is simply changed: it goes once, with the new text.
    const pending = await ann.h.call('messages.send', { ...base, body: 'bring cake' });
    await ann.h.call('messages.correct', { ...base, messageId: pending.id, body: 'bring pie' });
    expect(ann.h.store.messageEdits.outgoing(ann.account.id)).toHaveLength(1);
    await ann.h.call('accounts.connect', { id: ann.account.id });
    const correction = await peer.message((m) => m.replace === sent.id, 30_000);
    expect(correction.body).toBe('see you at 7');
    const pie = await peer.message((m) => m.id === pending.id);
    expect(pie.body).toBe('bring pie');
    expect(pie.replace).toBeUndefined();
    await eventually(() => ann.h.store.messageEdits.outgoing(ann.account.id).length === 0);
  }, 60_000);

  it('our correction reaches our second device by carbon; a retraction made while it was offline comes with its archive catch-up', async () => {
    const { ann, slix, peer } = await pair(5);
    const other = await login(server, opened, 'ann5');
    const base = { accountId: ann.account.id, peer: slix.jid };
    const sent = await ann.h.call('messages.send', { ...base, body: 'from the laptop' });
    await peer.message((m) => m.body === 'from the laptop');
    const copy = await eventually(() =>
      messagesWith(other, slix.jid).find((m) => m.body === 'from the laptop'),
    );
    expect(copy.fromOtherDevice).toBe(true);
    await eventually(() => stored(ann, sent.id)?.status !== 'pending');
    await ann.h.call('messages.correct', { ...base, messageId: sent.id, body: 'from my laptop' });
    await eventually(() => stored(other, copy.id)?.body === 'from my laptop');

    const offline = other.h.waitFor(
      'account.changed',
      (a) => a.id === other.account.id && a.state === 'disconnected',
    );
    await other.h.call('accounts.disconnect', { id: other.account.id });
    await offline;
    await ann.h.call('messages.retract', { ...base, messageId: sent.id });
    await peer.message((m) => m.retract === sent.id);
    await other.h.call('accounts.connect', { id: other.account.id });
    const tomb = await eventually(() => {
      const m = stored(other, copy.id);
      return m?.retracted ? m : undefined;
    }, 30_000);
    expect(tomb.body).toBe('');
  }, 90_000);
});
