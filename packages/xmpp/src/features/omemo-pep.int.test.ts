// OMEMO's PEP nodes against a real Prosody: open access for strangers, the precondition-not-met
// repair, merged device lists, and which device-list notifications are believed.
import { startProsody, type TestServer } from '@parley/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Session } from '../index.js';
import { ownDiscoInfo, parleyModules, buildCaps } from '../modules/index.js';
import { handleServiceIq } from '../service-iq.js';
import { xml, type Element } from '../stanza.js';
import { buildOwnPresence } from './presence.js';
import type { OmemoBundle } from './omemo-bundle.js';
import {
  buildDeviceListPublish,
  fetchBundle,
  fetchDeviceList,
  iqErrorCondition,
  isPreconditionNotMet,
  publishOwnBundle,
  announceOwnDevice,
  type IqSender,
} from './omemo-pep.js';
import {
  ownListToRepublish,
  parseDeviceListNotification,
  type DeviceListNotification,
} from './omemo-devices.js';
import { FORM_PUBLISH_OPTIONS, NS_PUBSUB } from './bookmarks.js';
import { NS_DATA } from './disco.js';
import { OMEMO_VERSIONS, type OmemoVersion } from './omemo-ns.js';

let server: TestServer;
let sessions: Session[] = [];

beforeAll(async () => {
  server = await startProsody({
    users: ['alice', 'bob', 'carol', 'dave', 'erin'].map((local) => ({ local, password: 's' })),
  });
});
afterEach(async () => {
  await Promise.all(sessions.map((s) => s.stop()));
  sessions = [];
});
afterAll(async () => {
  await server?.stop();
});

async function online(local: string, resource = 'desk'): Promise<Session> {
  const session = new Session({
    jid: `${local}@${server.domain}`,
    password: 's',
    resource,
    host: server.host,
    port: server.c2sPort,
    tlsMode: 'starttls',
    trust: { caPem: server.caPem },
  });
  sessions.push(session);
  await session.start();
  return session;
}

const sender =
  (session: Session): IqSender =>
  (iq) =>
    session.iq(iq);
const bare = (local: string) => `${local}@${server.domain}`;

function key(version: OmemoVersion, fill: number): Uint8Array {
  const k = new Uint8Array(version === 'legacy' ? 33 : 32).fill(fill);
  if (version === 'legacy') k[0] = 0x05;
  return k;
}
function bundle(version: OmemoVersion, seed: number): OmemoBundle {
  return {
    signedPreKey: { id: 1, key: key(version, seed), signature: new Uint8Array(64).fill(seed) },
    identityKey: key(version, seed + 1),
    preKeys: Array.from({ length: 25 }, (_, i) => ({ id: i + 1, key: key(version, seed + 2 + i) })),
  };
}

/** Creates `node` on our own PEP service with the default model a careless client leaves. */
async function publishWithPresenceAccess(session: Session, node: string, item: string) {
  await session.iq(
    xml(
      'iq',
      { type: 'set' },
      xml(
        'pubsub',
        { xmlns: NS_PUBSUB },
        xml('publish', { node }, xml('item', { id: item }, xml('x', { xmlns: 'urn:example' }))),
        xml(
          'publish-options',
          {},
          xml(
            'x',
            { xmlns: NS_DATA, type: 'submit' },
            xml('field', { var: 'FORM_TYPE' }, xml('value', {}, FORM_PUBLISH_OPTIONS)),
            xml('field', { var: 'pubsub#access_model' }, xml('value', {}, 'presence')),
          ),
        ),
      ),
    ),
  );
}

describe('OMEMO device lists and bundles over PEP', () => {
  it('publishes both namespaces readable by someone who is not a contact', async () => {
    const alice = await online('alice');
    const carol = await online('carol');
    for (const version of OMEMO_VERSIONS) {
      const devices = await announceOwnDevice(sender(alice), alice.bareJid, { id: 1001 }, version);
      expect(devices).toEqual([{ id: 1001 }]);
      await publishOwnBundle(sender(alice), 1001, bundle(version, 40), version);
      // carol has no subscription to alice: only access_model=open lets her read.
      expect(await fetchDeviceList(sender(carol), bare('alice'), version)).toEqual([{ id: 1001 }]);
      expect(await fetchBundle(sender(carol), bare('alice'), 1001, version)).toEqual(
        bundle(version, 40),
      );
    }
    // A second OMEMO 2 bundle is a second item of the same node: both stay (max_items=max).
    await publishOwnBundle(sender(alice), 1002, bundle('v2', 90), 'v2');
    expect(await fetchBundle(sender(carol), bare('alice'), 1001, 'v2')).toEqual(bundle('v2', 40));
    expect(await fetchBundle(sender(carol), bare('alice'), 1002, 'v2')).toEqual(bundle('v2', 90));
    // Nothing published: no devices, no bundle, and no error either.
    expect(await fetchDeviceList(sender(carol), bare('erin'), 'legacy')).toEqual([]);
    expect(await fetchBundle(sender(carol), bare('erin'), 5, 'v2')).toMatchObject({
      rejected: expect.any(String),
    });
  });

  it('repairs nodes that exist with presence access: precondition-not-met, reconfigure, publish', async () => {
    const bob = await online('bob');
    const carol = await online('carol');
    const cases: [OmemoVersion, string, string][] = [
      ['legacy', 'eu.siacs.conversations.axolotl.bundles:2002', 'current'],
      ['v2', 'urn:xmpp:omemo:2:bundles', '2002'],
      ['legacy', 'eu.siacs.conversations.axolotl.devicelist', 'current'],
    ];
    for (const [, node, item] of cases) {
      await publishWithPresenceAccess(bob, node, item);
    }
    // The presence model keeps a stranger out.
    await expect(fetchBundle(sender(carol), bare('bob'), 2002, 'legacy')).resolves.toMatchObject({
      rejected: expect.stringMatching(/forbidden|presence-subscription/),
    });

    const answers: string[] = [];
    const watched: IqSender = async (iq) => {
      try {
        const result = await bob.iq(iq);
        answers.push('result');
        return result;
      } catch (err) {
        answers.push(
          isPreconditionNotMet(err) ? 'precondition-not-met' : String(iqErrorCondition(err)),
        );
        throw err;
      }
    };
    await publishOwnBundle(watched, 2002, bundle('legacy', 10), 'legacy');
    await publishOwnBundle(watched, 2002, bundle('v2', 20), 'v2');
    await announceOwnDevice(watched, bob.bareJid, { id: 2002 }, 'legacy');
    expect(answers).toEqual([
      ...['precondition-not-met', 'result', 'result'],
      ...['precondition-not-met', 'result', 'result'],
      // the device-list read, then the same repair
      ...['result', 'precondition-not-met', 'result', 'result'],
    ]);
    expect(await fetchBundle(sender(carol), bare('bob'), 2002, 'legacy')).toEqual(
      bundle('legacy', 10),
    );
    expect(await fetchBundle(sender(carol), bare('bob'), 2002, 'v2')).toEqual(bundle('v2', 20));
    expect(await fetchDeviceList(sender(carol), bare('bob'), 'legacy')).toEqual([{ id: 2002 }]);
    // The repaired OMEMO 2 node keeps more than one item.
    await publishOwnBundle(sender(bob), 2003, bundle('v2', 30), 'v2');
    expect(await fetchBundle(sender(carol), bare('bob'), 2002, 'v2')).toEqual(bundle('v2', 20));
  });

  it("keeps another client's device when adding ours", async () => {
    const dave = await online('dave');
    for (const version of OMEMO_VERSIONS) {
      // Another client of dave's published first.
      await sender(dave)(buildDeviceListPublish([{ id: 3001 }, { id: 3002 }], version));
      const merged = await announceOwnDevice(sender(dave), dave.bareJid, { id: 3003 }, version);
      expect(merged).toEqual([{ id: 3001 }, { id: 3002 }, { id: 3003 }]);
      expect(await fetchDeviceList(sender(dave), dave.bareJid, version)).toEqual(merged);
    }
  });
});

describe('device-list notifications through the server', () => {
  /** A session announcing OMEMO's +notify, collecting the device-list events it is sent. */
  async function subscribed(local: string) {
    const session = await online(local);
    const info = ownDiscoInfo('Parley', parleyModules({ omemo: true }));
    const seen: (DeviceListNotification | { rejected: string })[] = [];
    session.on('stanza', (el: Element) => {
      if (el.name === 'iq') {
        handleServiceIq(session, el, { discoInfo: info });
        return;
      }
      const parsed = parseDeviceListNotification(el, session.bareJid);
      if (parsed) seen.push(parsed);
    });
    await session.send(buildOwnPresence({ show: 'available', caps: buildCaps(info) }));
    return { session, seen };
  }

  async function until<T>(what: string, find: () => T | undefined, ms = 10_000): Promise<T> {
    const end = Date.now() + ms;
    for (;;) {
      const found = find();
      if (found !== undefined) return found;
      if (Date.now() > end) throw new Error(`no ${what} within ${ms} ms`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  it('re-adds our device when our own list is overwritten, and believes no one else about it', async () => {
    const { session: erin, seen } = await subscribed('erin');
    const own = { id: 4242 };
    await announceOwnDevice(sender(erin), erin.bareJid, own, 'legacy');
    await until('own list', () =>
      seen.find((n) => 'own' in n && n.own && n.devices.some((d) => d.id === own.id)),
    );

    // A forged "erin's list" from bob, sent straight to erin's resource.
    const bob = await online('bob', 'forger');
    const forged = (to: string, id: string) =>
      xml(
        'message',
        { to, type: 'headline', id },
        xml(
          'event',
          { xmlns: 'http://jabber.org/protocol/pubsub#event' },
          xml(
            'items',
            { node: 'eu.siacs.conversations.axolotl.devicelist' },
            xml(
              'item',
              { id: 'current' },
              xml(
                'list',
                { xmlns: 'eu.siacs.conversations.axolotl' },
                xml('device', { id: '666' }),
              ),
            ),
          ),
        ),
      );
    await bob.send(forged(erin.jid, 'forged-1'));
    const rejected = await until('the forged notification', () =>
      seen.find((n) => 'rejected' in n),
    );
    expect(rejected).toEqual({ rejected: 'device list not sent by its owner' });

    // Another client of erin's overwrites the list without our device.
    const phone = await online('erin', 'phone');
    await sender(phone)(buildDeviceListPublish([{ id: 7 }], 'legacy'));
    const clobbered = await until('the clobbered list', () =>
      seen.find(
        (n): n is DeviceListNotification =>
          'own' in n && n.own && n.devices.length === 1 && n.devices[0]?.id === 7,
      ),
    );
    const republish = ownListToRepublish(clobbered, own);
    expect(republish).toEqual([{ id: 7 }, own]);
    await sender(erin)(buildDeviceListPublish(republish!, 'legacy'));
    expect(await fetchDeviceList(sender(phone), bare('erin'), 'legacy')).toEqual([{ id: 7 }, own]);
    // No notification ever put bob's device 666 on erin's list.
    expect(seen.some((n) => 'devices' in n && n.devices.some((d) => d.id === 666))).toBe(false);
  });
});
