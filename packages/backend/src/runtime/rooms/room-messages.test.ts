import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Message } from '@parley/contract';
import { NS_MUC_USER, jid, openMessage, xml, type Element } from '@parley/xmpp';
import { newAccount, openTempStore, type TempStore } from '../../../../store/src/test-support.js';
import { archivedOf, envelopeOf } from '../../test-support/envelope.js';
import { testScope } from '../../test-support/scope.js';
import { EventBus } from '../../event-bus.js';
import type { AccountScope } from '../account-scope.js';
import { ArchivePages, type ArchiveIngest, type ArchivedItem } from '../archive-pages.js';
import { SealedTransform, sealed } from '../../test-support/sealed-transform.js';
import { MessagePipeline, type MessageSource } from '../message-pipeline.js';
import { conversationTarget } from '../conversation-kind.js';
import { RoomMessages, type GroupchatSideEffect, type RoomContext } from './room-messages.js';

const ACCOUNT = 'a';
const OWN = 'a@example.org';
const ROOM = 'lounge@muc.example.org';
const NS_SID = 'urn:xmpp:sid:0';
const ctx: RoomContext = { room: ROOM, ownNick: 'me' };
const LIVE: MessageSource = { kind: 'live' };

let temp: TempStore;
let pipeline: MessagePipeline;
let messages: RoomMessages;
let scope: AccountScope;
let events: Array<{ name: string; payload: unknown }>;

beforeEach(() => {
  temp = openTempStore();
  temp.store.accounts.insert(newAccount(ACCOUNT));
  const bus = new EventBus(true);
  events = [];
  bus.subscribe((name, payload) => events.push({ name, payload }));
  scope = testScope(temp.store, ACCOUNT, OWN, bus);
  pipeline = new MessagePipeline(scope);
  messages = new RoomMessages(scope, pipeline);
});
afterEach(() => temp.dispose());

interface GroupchatSpec {
  from?: string;
  nick?: string | null;
  body?: string;
  subject?: string;
  originId?: string;
  stanzaId?: string;
  stanzaIdBy?: string;
  codes?: readonly number[];
  delay?: string;
}

function groupchat(s: GroupchatSpec): Element {
  const nick = s.nick === undefined ? 'bob' : s.nick;
  return xml(
    'message',
    { type: 'groupchat', from: s.from ?? (nick === null ? ROOM : `${ROOM}/${nick}`), to: OWN },
    s.body !== undefined ? xml('body', {}, s.body) : null,
    s.subject !== undefined ? xml('subject', {}, s.subject) : null,
    s.originId ? xml('origin-id', { xmlns: NS_SID, id: s.originId }) : null,
    s.stanzaId
      ? xml('stanza-id', { xmlns: NS_SID, id: s.stanzaId, by: s.stanzaIdBy ?? ROOM })
      : null,
    s.codes
      ? xml(
          'x',
          { xmlns: NS_MUC_USER },
          s.codes.map((code) => xml('status', { code: String(code) })),
        )
      : null,
    s.delay ? xml('delay', { xmlns: 'urn:xmpp:delay', stamp: s.delay, from: ROOM }) : null,
  );
}

/** Ingests through the pipeline's real write batch and commits it, as a turn of the loop would. */
function ingest(
  stanza: Element,
  source: MessageSource = LIVE,
  context: RoomContext = ctx,
): GroupchatSideEffect {
  const effect = messages.ingestGroupchat(envelopeOf(stanza, OWN), context, source, (op) =>
    pipeline.batch.add(null, op),
  );
  pipeline.batch.flush();
  return effect;
}

function archive(archiveId: string): MessageSource {
  return { kind: 'archive', archiveId, delay: Date.parse('2024-01-01T00:00:00Z') };
}

function stored(peer = ROOM): Message[] {
  return temp.store.messages.page(ACCOUNT, peer, { beforeId: null, limit: 100 }).messages;
}

/** Our message as the outbox stores it before sending: id and origin-id alike. */
function ourPending(id: string, body = 'hello all'): Message {
  return temp.store.messages.insert({
    id,
    originId: id,
    accountId: ACCOUNT,
    peer: ROOM,
    direction: 'out',
    body,
    timestamp: Date.now(),
    status: 'pending',
  }).message;
}

const eventNames = () => events.map((e) => e.name);

describe('RoomMessages.ingestGroupchat', () => {
  it("stores an occupant's message under the room with the nick as resource", () => {
    expect(ingest(groupchat({ body: 'hi', stanzaId: 's1' }))).toBeNull();
    expect(stored()).toMatchObject([
      {
        peer: ROOM,
        resource: 'bob',
        direction: 'in',
        status: 'received',
        body: 'hi',
        stanzaId: 's1',
        originId: null,
      },
    ]);
    expect(eventNames()).toEqual(['message.added', 'conversation.changed']);
    expect(temp.store.conversations.get(ACCOUNT, ROOM)).toMatchObject({
      kind: 'room',
      unread: 1,
      mentions: 0,
    });
  });

  it("never stores a message from the bare room JID as anyone's: live it is a system notice", () => {
    const pending = ourPending('o1');
    const effect = ingest(
      groupchat({ nick: null, body: 'This room is now logged', codes: [170], originId: 'o1' }),
    );
    expect(effect).toEqual({
      kind: 'system',
      body: 'This room is now logged',
      statusCodes: [170],
    });
    // Only our pending message is there, still pending.
    expect(stored()).toEqual([pending]);
    // From the archive it is nothing at all.
    expect(ingest(groupchat({ nick: null, body: 'old notice' }), archive('arch-1'))).toBeNull();
    expect(stored()).toEqual([pending]);
    expect(events).toEqual([]);
  });

  it('our reflection (our nick and origin-id) marks our message delivered, once', () => {
    const pending = ourPending('o1');
    ingest(groupchat({ nick: 'me', body: 'hello all', originId: 'o1', stanzaId: 's1' }));
    const after = stored();
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({
      id: pending.id,
      direction: 'out',
      status: 'delivered',
      stanzaId: 's1',
    });
    expect(eventNames()).toEqual(['message.updated']);
    // The archive copy of it (same stanza-id) adds nothing either.
    ingest(groupchat({ nick: 'me', body: 'hello all', originId: 'o1' }), archive('s1'));
    expect(stored()).toHaveLength(1);
    expect(eventNames()).toEqual(['message.updated']);
  });

  it('recognises our reflection by its id when the room dropped the origin-id', () => {
    const pending = ourPending('o3');
    const reflection = groupchat({ nick: 'me', body: 'hello all', stanzaId: 's3' });
    reflection.attrs.id = 'o3';
    ingest(reflection);
    expect(stored()).toMatchObject([{ id: pending.id, status: 'delivered', stanzaId: 's3' }]);
    // Someone else's message with that id is still theirs.
    const copy = groupchat({ nick: 'mallory', body: 'copy', stanzaId: 's4' });
    copy.attrs.id = 'o3';
    ingest(copy);
    expect(stored().map((m) => `${m.resource ?? ''}:${m.status}`)).toEqual([
      ':delivered',
      'mallory:received',
    ]);
  });

  it('an acked message is moved on to delivered too', () => {
    const pending = ourPending('o2');
    temp.store.messages.updateStatus(ACCOUNT, pending.id, 'acked');
    ingest(groupchat({ nick: 'me', body: 'hello all', originId: 'o2', stanzaId: 's2' }));
    expect(stored()[0]?.status).toBe('delivered');
  });

  it('another occupant reusing our origin-id is stored as theirs, and confirms nothing', () => {
    const pending = ourPending('o1', 'mine');
    ingest(groupchat({ nick: 'mallory', body: 'copycat', originId: 'o1', stanzaId: 's9' }));
    const after = stored();
    expect(after).toHaveLength(2);
    expect(after.find((m) => m.id === pending.id)?.status).toBe('pending');
    expect(after.find((m) => m.id !== pending.id)).toMatchObject({
      resource: 'mallory',
      direction: 'in',
      body: 'copycat',
      originId: null,
      stanzaId: 's9',
    });
    // Our real reflection still finds our message afterwards.
    ingest(groupchat({ nick: 'me', body: 'mine', originId: 'o1', stanzaId: 's10' }));
    const final = stored();
    expect(final).toHaveLength(2);
    expect(final.find((m) => m.id === pending.id)).toMatchObject({
      status: 'delivered',
      stanzaId: 's10',
    });
  });

  it('two occupants with the same origin-id are both kept', () => {
    ingest(groupchat({ nick: 'bob', body: 'one', originId: 'same' }));
    ingest(groupchat({ nick: 'eve', body: 'two', originId: 'same' }));
    expect(stored().map((m) => `${m.resource}:${m.body}`)).toEqual(['bob:one', 'eve:two']);
  });

  it('the same room stanza-id live and then from the archive is stored once', () => {
    ingest(groupchat({ body: 'once', stanzaId: 'sid-1' }));
    ingest(
      groupchat({ body: 'once', stanzaId: 'sid-1', delay: '2024-01-01T00:00:00Z' }),
      archive('sid-1'),
    );
    // And a live repeat (a reconnect replaying the room history).
    ingest(groupchat({ body: 'once', stanzaId: 'sid-1', delay: '2024-01-01T00:00:00Z' }));
    expect(stored()).toHaveLength(1);
    expect(eventNames().filter((n) => n === 'message.added')).toHaveLength(1);
  });

  it('a live message still waiting in the batch wins over its copy in an archive page', () => {
    // Same turn of the loop: the live message is handed to the batch, then the room's archive
    // answer (a catch-up that began before it was sent) holds it too.
    const first = envelopeOf(groupchat({ body: 'me there?', stanzaId: 'sid-9' }), OWN);
    messages.ingestGroupchat(first, ctx, LIVE, (op) => pipeline.batch.add(null, op));
    const copy = groupchat({ body: 'me there?', stanzaId: 'sid-9' });
    new ArchivePages(scope, pipeline).store(
      {
        items: [archivedOf(copy, OWN, 'sid-9', Date.now())],
        complete: true,
        first: 'sid-9',
        last: 'sid-9',
      },
      undefined,
      (envelope, source, sink) => void messages.ingestGroupchat(envelope, ctx, source, sink),
    );
    pipeline.batch.flush();
    expect(stored()).toHaveLength(1);
    expect(temp.store.conversations.get(ACCOUNT, ROOM)).toMatchObject({ unread: 1, mentions: 1 });
  });

  it('a stanza-id not assigned by the room is no dedupe key', () => {
    ingest(groupchat({ body: 'real', stanzaId: 'sid-1' }));
    // Someone claims the same id "by" another entity: not merged with, nor hiding, anything.
    ingest(groupchat({ nick: 'eve', body: 'forged', stanzaId: 'sid-1', stanzaIdBy: OWN }));
    ingest(
      groupchat({
        nick: 'eve',
        body: 'forged again',
        stanzaId: 'sid-1',
        stanzaIdBy: 'evil.example',
      }),
    );
    const after = stored();
    expect(after.map((m) => m.body)).toEqual(['real', 'forged', 'forged again']);
    expect(after.map((m) => m.stanzaId)).toEqual(['sid-1', null, null]);
  });

  it('counts a live mention of our nick, not our own words nor old history', () => {
    ingest(groupchat({ body: 'ping me please', stanzaId: 'a' }));
    ingest(groupchat({ body: 'meh, nothing', stanzaId: 'b' }));
    ingest(groupchat({ nick: 'me', body: 'me talking', originId: 'x', stanzaId: 'c' }));
    ingest(groupchat({ body: 'me, old', stanzaId: 'd', delay: '2020-01-01T00:00:00Z' }), LIVE, {
      ...ctx,
      joinHistory: true,
    });
    expect(temp.store.conversations.get(ACCOUNT, ROOM)).toMatchObject({
      unread: 2,
      mentions: 1,
    });
    expect(stored()).toHaveLength(4);
  });

  it("dates join history by the room's delay, never in the future", () => {
    const history = { ...ctx, joinHistory: true };
    ingest(
      groupchat({ body: 'old', stanzaId: 'h1', delay: '2020-01-01T00:00:00Z' }),
      LIVE,
      history,
    );
    const before = Date.now();
    ingest(
      groupchat({ body: 'soon', stanzaId: 'h2', delay: '2099-01-01T00:00:00Z' }),
      LIVE,
      history,
    );
    const [old, soon] = stored();
    expect(old?.timestamp).toBe(Date.parse('2020-01-01T00:00:00Z'));
    expect(soon?.timestamp).toBeGreaterThanOrEqual(before);
    expect(soon?.timestamp).toBeLessThanOrEqual(Date.now());
  });

  it("an occupant's own delay neither dates a live message nor hides it from unread and mentions", () => {
    const before = Date.now();
    const occupantDelay = (stamp: string, from: string | null) =>
      xml(
        'message',
        { type: 'groupchat', from: `${ROOM}/eve`, to: OWN },
        xml('body', {}, 'me: look at this'),
        xml('delay', { xmlns: 'urn:xmpp:delay', stamp, ...(from ? { from } : {}) }),
      );
    ingest(occupantDelay('2001-01-01T00:00:00Z', `${ROOM}/eve`));
    ingest(occupantDelay('2099-01-01T00:00:00Z', null));
    // Dated "by the room" after the join history ended: still the receive time.
    ingest(
      groupchat({ nick: 'eve', body: 'me again', stanzaId: 'x', delay: '2001-01-01T00:00:00Z' }),
    );
    const after = stored();
    expect(after).toHaveLength(3);
    for (const m of after) {
      expect(m.timestamp).toBeGreaterThanOrEqual(before);
      expect(m.timestamp).toBeLessThanOrEqual(Date.now());
    }
    expect(temp.store.conversations.get(ACCOUNT, ROOM)).toMatchObject({ unread: 3, mentions: 3 });
  });

  it("keeps the room archive's stamp, not the occupant's inner delay", () => {
    const inner = groupchat({ body: 'archived', delay: '2099-01-01T00:00:00Z' });
    ingest(inner, archive('sid-a'));
    expect(stored()[0]?.timestamp).toBe(Date.parse('2024-01-01T00:00:00Z'));
  });

  it('a subject-only message returns the subject and stores nothing', () => {
    expect(ingest(groupchat({ subject: 'Release on Friday' }))).toEqual({
      kind: 'subject',
      subject: 'Release on Friday',
      nick: 'bob',
      delayed: false,
    });
    expect(ingest(groupchat({ nick: null, subject: '', delay: '2024-01-01T00:00:00Z' }))).toEqual({
      kind: 'subject',
      subject: '',
      nick: null,
      delayed: true,
    });
    expect(stored()).toEqual([]);
  });

  it('drops a message from another room than the one it is ingested for', () => {
    expect(
      ingest(groupchat({ from: 'other@muc.example.org/bob', body: 'elsewhere', stanzaId: 's' })),
    ).toBeNull();
    expect(ingest(groupchat({ from: 'other@muc.example.org', body: 'sys' }))).toBeNull();
    expect(stored()).toEqual([]);
    expect(stored('other@muc.example.org')).toEqual([]);
  });

  it('keeps hostile nicks raw and apart, and loses nothing of a burst', () => {
    const nicks = ['\u202Eem', 'em', 'me\u200B', 'ME', 'a\u0085b'];
    for (const [i, nick] of nicks.entries()) {
      ingest(groupchat({ nick, body: `from ${i}`, originId: 'o', stanzaId: `h${i}` }));
    }
    const after = stored();
    expect(after.map((m) => m.resource)).toEqual(nicks);
    // None of them is us, whatever they look like.
    expect(after.every((m) => m.direction === 'in')).toBe(true);
    // A 10 KB nick is no valid occupant address: dropped, not stored truncated.
    expect(ingest(groupchat({ nick: 'x'.repeat(10_240), body: 'huge' }))).toBeNull();
    expect(stored()).toHaveLength(nicks.length);
  });

  it('stores a flood of 2,000 messages from one turn, all of them', () => {
    for (let i = 0; i < 2_000; i++) {
      messages.ingestGroupchat(
        envelopeOf(groupchat({ nick: `n${i % 50}`, body: `m${i}`, stanzaId: `f${i}` }), OWN),
        ctx,
        LIVE,
        (op) => pipeline.batch.add(null, op),
      );
    }
    pipeline.batch.flush();
    expect(
      temp.store.messages.page(ACCOUNT, ROOM, { beforeId: null, limit: 3_000 }).messages,
    ).toHaveLength(2_000);
    expect(temp.store.conversations.get(ACCOUNT, ROOM)?.unread).toBe(2_000);
    // One conversation update for the whole batch.
    expect(eventNames().filter((n) => n === 'conversation.changed')).toHaveLength(1);
  });
});

describe('files shared without a body', () => {
  it('stores a bodiless XEP-0447 share with its URL as the text, and nothing without one', () => {
    const url = 'https://up.example.org/abc/photo.png';
    const share = groupchat({ stanzaId: 'f1' });
    share.append(
      xml(
        'file-sharing',
        { xmlns: 'urn:xmpp:sfs:0' },
        xml(
          'file',
          { xmlns: 'urn:xmpp:file:metadata:0' },
          xml('name', {}, 'photo.png'),
          xml('media-type', {}, 'image/png'),
          xml('size', {}, '1234'),
        ),
        xml(
          'sources',
          {},
          xml('url-data', { xmlns: 'http://jabber.org/protocol/url-data', target: url }),
        ),
      ),
    );
    ingest(share);
    expect(stored()).toEqual([
      expect.objectContaining({
        body: url,
        resource: 'bob',
        attachment: expect.objectContaining({ url, name: 'photo.png', size: 1234 }),
      }),
    ]);
    // Neither body nor file: nothing to store.
    expect(ingest(groupchat({ stanzaId: 'f2' }))).toBeNull();
    expect(stored()).toHaveLength(1);
  });
});

describe('encrypted files in rooms (XEP-0454)', () => {
  it('stores an aesgcm:// body as an encrypted file, its key kept out of the message', () => {
    const key = 'ab'.repeat(12) + 'cd'.repeat(32);
    ingest(groupchat({ body: `aesgcm://up.example.org/s/cat.jpg#${key}`, stanzaId: 'e1' }));
    const [message] = stored();
    expect(message).toMatchObject({
      body: 'https://up.example.org/s/cat.jpg',
      attachment: { url: 'https://up.example.org/s/cat.jpg', name: 'cat.jpg', encrypted: true },
    });
    expect(JSON.stringify(events)).not.toContain(key);
    expect(temp.store.messages.attachmentSecret(ACCOUNT, message!.id)).toBe(key);
  });
});

describe('private messages through a room (the one-to-one pipeline, peer room/nick)', () => {
  beforeEach(() => {
    pipeline.conversationOf = (address) => conversationTarget(address, (bare) => bare === ROOM);
  });

  function privateMessage(body: string | null, extra: Element[] = []): Element {
    return xml(
      'message',
      { type: 'chat', from: `${ROOM}/bob`, to: `${OWN}/r`, id: 'p1' },
      body === null ? null : xml('body', {}, body),
      xml('x', { xmlns: NS_MUC_USER }),
      ...extra,
    );
  }

  it('stores a private message under room/nick as a private conversation', () => {
    pipeline.ingest(null, envelopeOf(privateMessage('psst'), OWN), LIVE, (op) =>
      pipeline.batch.add(null, op),
    );
    pipeline.batch.flush();
    const peer = `${ROOM}/bob`;
    expect(stored(peer)).toMatchObject([{ peer, direction: 'in', body: 'psst', resource: 'bob' }]);
    // Never merged into the room's conversation.
    expect(stored()).toEqual([]);
    expect(temp.store.conversations.get(ACCOUNT, peer)).toMatchObject({
      kind: 'private',
      unread: 1,
    });
    expect(temp.store.conversations.get(ACCOUNT, ROOM)).toBeNull();
  });

  it('ignores a private message without a body, but passes its typing state on', async () => {
    pipeline.knowsOccupant = (peer) => peer === `${ROOM}/bob`;
    const composing = xml('composing', { xmlns: 'http://jabber.org/protocol/chatstates' });
    pipeline.ingest(null, envelopeOf(privateMessage(null, [composing]), OWN), LIVE, (op) =>
      pipeline.batch.add(null, op),
    );
    pipeline.batch.flush();
    await new Promise((turn) => setImmediate(turn));
    expect(stored(`${ROOM}/bob`)).toEqual([]);
    expect(events).toContainEqual({
      name: 'chatState.changed',
      payload: { accountId: ACCOUNT, peer: `${ROOM}/bob`, state: 'composing', nick: null },
    });
  });
});

describe('which room messages are ours (earlier holders of our nick)', () => {
  const withOccupantId = (el: Element, id: string) => {
    el.append(xml('occupant-id', { xmlns: 'urn:xmpp:occupant-id:0', id }));
    return el;
  };
  const byResource = () =>
    stored()
      .map((m) => `${m.body}:${m.direction}`)
      .sort();

  it('without occupant ids: an archived message under our nick is ours only if we sent it', () => {
    ourPending('o1', 'really mine');
    ingest(groupchat({ nick: 'me', body: 'really mine', originId: 'o1' }), archive('s1'));
    ingest(groupchat({ nick: 'me', body: 'by the last me', originId: 'zz' }), archive('s2'));
    ingest(groupchat({ nick: 'me', body: 'no id at all' }), archive('s3'));
    // Join history (dated by the room) is the past too.
    ingest(
      groupchat({ nick: 'me', body: 'history', stanzaId: 's4', delay: '2020-01-01T00:00:00Z' }),
      LIVE,
      { ...ctx, joinHistory: true },
    );
    expect(byResource()).toEqual([
      'by the last me:in',
      'history:in',
      'no id at all:in',
      'really mine:out',
    ]);
  });

  it('with occupant ids: ours by our occupant id, whatever the nick', () => {
    const mine = { ...ctx, ownOccupantId: 'occ-me' };
    const other = withOccupantId(
      groupchat({ nick: 'me', body: 'same nick, other person', originId: 'p1' }),
      'occ-old',
    );
    ingest(other, archive('s1'), mine);
    const renamed = withOccupantId(
      groupchat({ nick: 'old-me', body: 'before my rename' }),
      'occ-me',
    );
    ingest(renamed, archive('s2'), mine);
    ingest(withOccupantId(groupchat({ nick: 'me', body: 'live and mine' }), 'occ-me'), LIVE, mine);
    // Archived before the room stamped ids: the fallback (the id of a message we sent).
    ingest(groupchat({ nick: 'me', body: 'old, not ours', originId: 'p2' }), archive('s3'), mine);
    ourPending('o9', 'old and ours');
    ingest(groupchat({ nick: 'me', body: 'old and ours', originId: 'o9' }), archive('s4'), mine);
    expect(byResource()).toEqual([
      'before my rename:out',
      'live and mine:out',
      'old and ours:out',
      'old, not ours:in',
      'same nick, other person:in',
    ]);
  });
});

describe('sealed room messages (asynchronous transforms)', () => {
  it("opens a room archive page's sealed items in archive order before its transaction, once", async () => {
    // The first takes longest: opened concurrently, it would come last.
    const transform = new SealedTransform((text) => (text === 'one' ? 20 : 0));
    pipeline.transforms.list.push(transform);
    const item = (archiveId: string, children: Element[]): ArchivedItem => {
      const stanza = xml(
        'message',
        { type: 'groupchat', from: `${ROOM}/bob`, to: OWN },
        ...children,
      );
      const { envelope } = openMessage(stanza, {
        own: jid(OWN),
        asyncTransforms: pipeline.transforms.list,
      });
      const delay = Date.parse('2024-01-01T00:00:00Z');
      return { ...envelope!, origin: { kind: 'archive', queryId: 'q', archiveId, delay } };
    };
    const page = {
      items: [
        item('r1', sealed('one')),
        item('r2', [xml('body', {}, 'two')]),
        item('r3', sealed('three', { fail: '1' })),
        item('r4', sealed('four', { drop: '1' })),
      ],
      complete: true,
      first: 'r1',
      last: 'r4',
    };
    const intoRoom: ArchiveIngest = (envelope, source, sink) =>
      void messages.ingestGroupchat(envelope, ctx, source, sink);
    const pages = new ArchivePages(scope, pipeline);
    await pages.store(page, undefined, intoRoom);
    expect(stored().map((m) => [m.body, m.decryptError ?? null])).toEqual([
      ['one', null],
      ['two', null],
      ['', 'no-session'],
    ]);
    expect(stored()[0]).toMatchObject({ encryption: 'omemo2', resource: 'bob', stanzaId: 'r1' });
    // Committed with the page, in archive order.
    expect(transform.committed).toEqual(['one', 'four']);

    // The same page again: what is stored is not opened again (a dropped item was not stored).
    await pages.store(page, undefined, intoRoom);
    expect(transform.runs).toEqual(['one', 'three', 'four', 'four']);
    expect(stored()).toHaveLength(3);
  });

  it('never stores a claimed message that did not go through its transform', () => {
    pipeline.transforms.list.push(new SealedTransform());
    const stanza = xml(
      'message',
      { type: 'groupchat', from: `${ROOM}/bob`, to: OWN },
      ...sealed('x'),
    );
    const { envelope } = openMessage(stanza, {
      own: jid(OWN),
      asyncTransforms: pipeline.transforms.list,
    });
    messages.ingestGroupchat(envelope!, ctx, LIVE, (op) => pipeline.batch.add(null, op));
    pipeline.batch.flush();
    expect(stored()).toEqual([]);
  });

  it('marks our own sealed message delivered by its reflection, without opening it again', async () => {
    const transform = new SealedTransform(() => 0);
    pipeline.transforms.list.push(transform);
    const sent = ourPending('ours-1', 'our secret');
    const reflection = xml(
      'message',
      { type: 'groupchat', from: `${ROOM}/me`, to: OWN, id: 'ours-1' },
      ...sealed('our secret'),
      xml('origin-id', { xmlns: NS_SID, id: 'ours-1' }),
      xml('stanza-id', { xmlns: NS_SID, id: 'room-7', by: ROOM }),
    );
    const { envelope } = openMessage(reflection, {
      own: jid(OWN),
      asyncTransforms: pipeline.transforms.list,
    });
    const opened = await pipeline.transforms.open(envelope!);
    messages.ingestGroupchat(opened.envelope!, ctx, LIVE, (op) => pipeline.batch.add(null, op));
    pipeline.batch.flush();
    expect(transform.runs).toEqual([]);
    expect(stored()).toMatchObject([
      { id: sent.id, body: 'our secret', status: 'delivered', stanzaId: 'room-7' },
    ]);
  });
});
