// Device-list notifications as the account's router hands them to the OMEMO service: a
// contact's list is kept, a stranger's or a forged one is not, and our own list without our
// device gets us re-added (only with the omemo setting on).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jid, openMessage, parseXml, type Element, type Session } from '@parley/xmpp';
import { newAccount, openTempStore, type TempStore } from '../../../../store/src/test-support.js';
import { testScope } from '../../test-support/scope.js';
import { StanzaRouter } from '../stanza-router.js';
import { OmemoAccount } from './omemo-account.js';

const ME = 'me@example.org';
let temp: TempStore;
let omemo: OmemoAccount;
let router: StanzaRouter;
let sent: Element[];
let session: Session;

beforeEach(() => {
  temp = openTempStore();
  temp.store.accounts.insert(newAccount('a', { jid: ME, password: 'pw', resource: 'r' }));
  temp.store.contacts.upsert('a', {
    jid: 'bob@example.org',
    name: '',
    groups: [],
    subscription: 'both',
    askSubscribe: false,
  });
  omemo = new OmemoAccount(testScope(temp.store, 'a', ME));
  router = new StanzaRouter((stanza) => openMessage(stanza, { own: jid(ME) }));
  omemo.register(router);
  sent = [];
  session = {
    iq: async (iq: Element) => {
      sent.push(iq);
      return parseXml(`<iq xmlns='jabber:client' type='result'/>`)!;
    },
  } as unknown as Session;
});
afterEach(() => temp.dispose());

function notification(from: string | null, ids: number[]): Element {
  const devices = ids.map((id) => `<device id='${id}'/>`).join('');
  return parseXml(
    `<message xmlns='jabber:client' ${from ? `from='${from}'` : ''} to='${ME}/r' type='headline'>
      <event xmlns='http://jabber.org/protocol/pubsub#event'>
        <items node='eu.siacs.conversations.axolotl.devicelist'>
          <item id='current'><list xmlns='eu.siacs.conversations.axolotl'>${devices}</list></item>
        </items>
      </event>
    </message>`,
  )!;
}

const listed = (who: string) =>
  temp.store.omemoDevices.list('a', who, 'omemo').map((d) => d.deviceId);

describe('device-list notifications', () => {
  it("keeps a contact's list", () => {
    router.route(session, notification('bob@example.org', [11, 12]));
    expect(listed('bob@example.org')).toEqual([11, 12]);
  });

  it("drops a stranger's list and one from a full JID", () => {
    router.route(session, notification('eve@example.org', [66]));
    router.route(session, notification('bob@example.org/laptop', [99]));
    expect(listed('eve@example.org')).toEqual([]);
    expect(listed('bob@example.org')).toEqual([]);
  });

  it('re-adds our device when our own list leaves it out, with omemo on', async () => {
    const { deviceId } = omemo.identity();
    temp.store.settings.set('omemo', null, false);
    router.route(session, notification(null, [5]));
    expect(sent).toEqual([]); // setting off: nothing published
    temp.store.settings.set('omemo', null, true);
    router.route(session, notification(null, [5]));
    await new Promise((r) => setTimeout(r, 50));
    expect(sent).toHaveLength(1);
    const ids = sent[0]!.toString().match(/device id="(\d+)"/g);
    expect(ids).toEqual([`device id="5"`, `device id="${deviceId}"`]);
    expect(listed(ME)).toEqual([5, deviceId].sort((x, y) => x - y));
  });
});

describe('signed prekey upkeep', () => {
  it('a session that stays up rotates the signed prekey when due, and republishes', async () => {
    let clock = 1_000;
    const timed = new OmemoAccount(testScope(temp.store, 'a', ME), () => clock);
    timed.upkeepMs = 10;
    temp.store.settings.set('omemo', null, true);
    await timed.onFreshSession(session);
    const first = temp.store.omemoPrekeys.currentSigned('a', 'omemo')!;
    const published = sent.length;
    try {
      await new Promise((r) => setTimeout(r, 50));
      // Not due yet: nothing changes.
      expect(temp.store.omemoPrekeys.currentSigned('a', 'omemo')!.id).toBe(first.id);
      expect(sent).toHaveLength(published);
      clock += 7 * 24 * 60 * 60 * 1000;
      await eventuallyTrue(() => sent.length > published);
      const second = temp.store.omemoPrekeys.currentSigned('a', 'omemo')!;
      expect(second.id).not.toBe(first.id);
      expect(
        sent.slice(published).some((iq) => iq.toString().includes(`signedPreKeyId="${second.id}"`)),
      ).toBe(true);
    } finally {
      timed.stop();
    }
  });
});

/** Waits (at most 2 s) for `check` to hold. */
async function eventuallyTrue(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}
