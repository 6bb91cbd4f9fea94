import { afterEach, describe, expect, it } from 'vitest';
import { parseXml, xml, type Element, type Session } from '@parley/xmpp';
import type { TempStore } from '../../../../store/src/test-support.js';
import { sha1, solidPng } from '../../test-support/avatar-png.js';
import { storeWithContact, testScope } from '../../test-support/scope.js';
import { StanzaRouter } from '../stanza-router.js';
import { AccountAvatars } from './account-avatars.js';

const OWN = 'a1@example.org';
const FRIEND = 'friend@example.org';
const PNG = solidPng(8, [1, 2, 3]);
const HASH = sha1(PNG);

let temp: TempStore | null = null;
afterEach(() => {
  temp?.dispose();
  temp = null;
});

function el(text: string): Element {
  const parsed = parseXml(text);
  if (!parsed) throw new Error(`bad xml: ${text}`);
  return parsed;
}

/** A session whose iqs answer with the data item of `bytes` (under `id`) and are counted. */
function fakeSession(bytes: Buffer, id = HASH): { session: Session; asked: Element[] } {
  const asked: Element[] = [];
  const session = {
    iq: (iq: Element) => {
      asked.push(iq);
      return Promise.resolve(
        el(
          `<iq type='result' from='${iq.attrs.to}'><pubsub xmlns='http://jabber.org/protocol/pubsub'>` +
            `<items node='urn:xmpp:avatar:data'><item id='${id}'>` +
            `<data xmlns='urn:xmpp:avatar:data'>${bytes.toString('base64')}</data></item></items></pubsub></iq>`,
        ),
      );
    },
  } as unknown as Session;
  return { session, asked };
}

function setup() {
  temp = storeWithContact('a1', FRIEND);
  const scope = testScope(temp.store, 'a1', OWN);
  const avatars = new AccountAvatars(scope);
  const router = new StanzaRouter((stanza) => ({ stanza, envelope: null, rejected: null }));
  avatars.register(router);
  return { store: temp.store, avatars, router };
}

const metadata = (from: string, id = HASH) =>
  el(
    `<message from='${from}' to='${OWN}'><event xmlns='http://jabber.org/protocol/pubsub#event'>` +
      `<items node='urn:xmpp:avatar:metadata'><item id='${id}'><metadata xmlns='urn:xmpp:avatar:metadata'>` +
      `<info id='${id}' type='image/png' bytes='${PNG.length}'/></metadata></item></items></event></message>`,
  );

describe('account avatars', () => {
  it('fetches a contact’s announced image once and stores it by hash', async () => {
    const { store, avatars, router } = setup();
    const { session, asked } = fakeSession(PNG);
    router.route(session, metadata(FRIEND));
    await avatars.fetcher.idle();
    expect(store.avatars.get('a1', FRIEND)).toEqual({ jid: FRIEND, hash: HASH, source: 'pep' });
    router.route(session, metadata(FRIEND));
    await avatars.fetcher.idle();
    expect(asked).toHaveLength(1);
  });

  it('ignores strangers: nothing fetched, nothing kept', async () => {
    const { store, avatars, router } = setup();
    const { session, asked } = fakeSession(PNG);
    router.route(session, metadata('stranger@example.org'));
    router.route(session, metadata(`${FRIEND}/phone`));
    router.route(
      session,
      xml(
        'presence',
        { from: 'stranger@example.org/x' },
        xml('x', { xmlns: 'vcard-temp:x:update' }, xml('photo', {}, HASH)),
      ),
    );
    await avatars.fetcher.idle();
    expect(asked).toHaveLength(0);
    expect(store.avatars.list('a1')).toEqual([]);
  });

  it('refuses bytes that are not what the contact announced', async () => {
    const { store, avatars, router } = setup();
    const { session } = fakeSession(solidPng(8, [9, 9, 9]));
    router.route(session, metadata(FRIEND));
    await avatars.fetcher.idle();
    expect(store.avatars.get('a1', FRIEND)).toBeNull();
  });

  it('a vCard hash does not replace a PEP avatar', async () => {
    const { store, avatars, router } = setup();
    const { session, asked } = fakeSession(PNG);
    router.route(session, metadata(FRIEND));
    await avatars.fetcher.idle();
    router.route(
      session,
      xml(
        'presence',
        { from: `${FRIEND}/old` },
        xml('x', { xmlns: 'vcard-temp:x:update' }, xml('photo', {}, 'e'.repeat(40))),
      ),
    );
    await avatars.fetcher.idle();
    expect(asked).toHaveLength(1);
    expect(store.avatars.get('a1', FRIEND)?.hash).toBe(HASH);
  });

  it('forgets the avatar of a contact no longer in the roster', async () => {
    const { store, avatars, router } = setup();
    const { session } = fakeSession(PNG);
    router.route(session, metadata(FRIEND));
    await avatars.fetcher.idle();
    avatars.forgetStrangers();
    expect(store.avatars.get('a1', FRIEND)?.hash).toBe(HASH);
    store.contacts.remove('a1', FRIEND);
    avatars.forgetStrangers();
    expect(store.avatars.get('a1', FRIEND)).toBeNull();
    expect(store.avatars.has(HASH)).toBe(false);
  });

  it('our presence says "not known yet", then our hash, then "none" after a removal', () => {
    const { avatars } = setup();
    expect(avatars.presenceUpdate().toString()).toBe('<x xmlns="vcard-temp:x:update"/>');
    avatars.showOwn({ hash: HASH, mime: 'image/png', data: new Uint8Array(PNG) });
    expect(avatars.presenceUpdate().toString()).toContain(`<photo>${HASH}</photo>`);
    avatars.clearOwn();
    expect(avatars.presenceUpdate().toString()).toContain('<photo/>');
  });

  it('takes a room’s avatar from its disco#info hash (XEP-0486): fetched from the room, checked, cached', async () => {
    const { store, avatars } = setup();
    const ROOM = 'tea@conference.example.org';
    const vcardOf = (png: Buffer) =>
      el(
        `<iq type='result' from='${ROOM}'><vCard xmlns='vcard-temp'><PHOTO><TYPE>image/png</TYPE>` +
          `<BINVAL>${png.toString('base64')}</BINVAL></PHOTO></vCard></iq>`,
      );
    const asked: Element[] = [];
    let answer = PNG;
    const session = {
      iq: (iq: Element) => {
        asked.push(iq);
        return Promise.resolve(vcardOf(answer));
      },
    } as unknown as Session;
    // Not a room of ours: nothing is fetched.
    avatars.onRoomInfo(session, ROOM, HASH);
    await avatars.fetcher.idle();
    expect(asked).toHaveLength(0);

    store.rooms.upsert('a1', ROOM, { nick: 'me' });
    avatars.onRoomInfo(session, ROOM, null); // the room says nothing: nothing changes
    avatars.onRoomInfo(session, ROOM, HASH);
    await avatars.fetcher.idle();
    expect(asked.map((iq) => iq.attrs.to)).toEqual([ROOM]);
    expect(asked[0]?.getChild('vCard', 'vcard-temp')).toBeTruthy();
    expect(store.avatars.get('a1', ROOM)).toEqual({ jid: ROOM, hash: HASH, source: 'room' });
    // Known hash: from the cache, not asked again.
    avatars.onRoomInfo(session, ROOM, HASH);
    await avatars.fetcher.idle();
    expect(asked).toHaveLength(1);

    // A photo that does not match the announced hash is refused; what is shown stays.
    answer = solidPng(8, [9, 9, 9]);
    avatars.onRoomInfo(session, ROOM, 'e'.repeat(40));
    await avatars.fetcher.idle();
    expect(store.avatars.get('a1', ROOM)?.hash).toBe(HASH);
    expect(store.avatars.has('e'.repeat(40))).toBe(false);

    // An empty hash: the room has no avatar any more.
    avatars.onRoomInfo(session, ROOM, '');
    expect(store.avatars.get('a1', ROOM)).toBeNull();
  });

  it('fetches a room’s photo once when its presence and its disco#info name it together', async () => {
    const { store, avatars, router } = setup();
    const ROOM = 'tea@conference.example.org';
    store.rooms.upsert('a1', ROOM, { nick: 'me' });
    const asked: Element[] = [];
    const session = {
      iq: async (iq: Element) => {
        asked.push(iq);
        await new Promise((r) => setTimeout(r, 20));
        return el(
          `<iq type='result' from='${ROOM}'><vCard xmlns='vcard-temp'><PHOTO><TYPE>image/png</TYPE>` +
            `<BINVAL>${PNG.toString('base64')}</BINVAL></PHOTO></vCard></iq>`,
        );
      },
    } as unknown as Session;
    router.route(
      session,
      el(
        `<presence from='${ROOM}'><x xmlns='vcard-temp:x:update'><photo>${HASH}</photo></x></presence>`,
      ),
    );
    avatars.onRoomInfo(session, ROOM, HASH);
    await avatars.fetcher.idle();
    expect(asked).toHaveLength(1);
    expect(store.avatars.get('a1', ROOM)?.hash).toBe(HASH);
  });
});
