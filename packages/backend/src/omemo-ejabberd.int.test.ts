// OMEMO through a second, independent server: ejabberd 23.01 (Debian), whose PEP differs from
// Prosody's in publish-options handling, default access model and notifications. With the omemo
// setting on: the device lists and bundles are readable by a stranger (also after repairing
// nodes a careless client left with presence access), two Parley installations talk OMEMO 2
// both ways, python-omemo reads what Parley sends and Parley reads its replies in both versions,
// and an encrypted message sent while Parley was away comes back through the archive catch-up.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, Message, OmemoVersion as StoredVersion } from '@parley/contract';
import { ejabberdUnavailable, startEjabberd, type EjabberdServer } from '@parley/testkit';
import {
  announceOwnDevice,
  fetchBundle,
  fetchDeviceList,
  iqErrorCondition,
  isPreconditionNotMet,
  publishOwnBundle,
  OMEMO_VERSIONS,
  Session,
  xml,
  type IqSender,
  type OmemoVersion,
} from '@parley/xmpp';
import { addOnlineAccount, befriend } from './test-support/accounts.js';
import { eventually, startHarness, type Harness } from './test-support/harness.js';
import {
  commandRunner,
  slixmppMissing,
  startPythonPeer,
  type Peer,
  type PeerEvent,
} from './test-support/python-peer.js';

// In CI (.ci/run installs both) a missing server or peer is a failure, never a skip.
const missing =
  (process.env['CI'] === 'true' ? null : ejabberdUnavailable()) ??
  slixmppMissing('omemo, oldmemo, twomemo, xmlschema, slixmpp');
if (missing) console.warn(`omemo-ejabberd.int.test.ts skipped: ${missing}`);

const NS_PUBSUB = 'http://jabber.org/protocol/pubsub';
const NS_DATA = 'jabber:x:data';

let server: EjabberdServer;
let stranger: Session;
const opened: Harness[] = [];
const sessions: Session[] = [];

function rawSession(local: string, resource: string): Session {
  const user = server.users.find((u) => u.local === local)!;
  const s = new Session({
    jid: user.jid,
    password: user.password,
    resource,
    host: server.host,
    port: server.c2sPort,
    tlsMode: 'starttls',
    trust: { caPem: server.caPem },
  });
  sessions.push(s);
  return s;
}

/** Someone with no subscription to anybody: reads only what is published with open access. */
const read: IqSender = (iq) => stranger.iq(iq);

async function omemoInstallation(local: string): Promise<{ h: Harness; account: Account }> {
  const h = startHarness({ caPem: server.caPem, key: randomBytes(32) });
  opened.push(h);
  await h.call('settings.set', { key: 'omemo', accountId: null, value: true });
  const account = await addOnlineAccount(h, server, local, { timeoutMs: 30_000 });
  return { h, account };
}

const deviceIdOf = (h: Harness, account: Account): number =>
  h.store.omemoIdentity.get(account.id)!.deviceId;

/** A device of dave's (published by the two-devices test): its bundle is a real one to copy. */
async function daveDevice(): Promise<number> {
  const [first] = await fetchDeviceList(read, `dave@${server.domain}`, 'v2');
  if (!first) throw new Error('dave has no OMEMO 2 device yet');
  return first.id;
}

/** Waits until a stranger reads `deviceId` on `jid`'s list and its bundle, in both versions. */
async function readableByStranger(jid: string, deviceId: number): Promise<void> {
  for (const version of OMEMO_VERSIONS) {
    await eventually(async () => {
      const list = await fetchDeviceList(read, jid, version);
      return list.some((d) => d.id === deviceId);
    }, 20_000);
    const bundle = await fetchBundle(read, jid, deviceId, version);
    if ('rejected' in bundle) throw new Error(`${version} bundle: ${bundle.rejected}`);
    expect(bundle.preKeys.length, version).toBe(100);
  }
}

function inbox(h: Harness, account: Account, from: string): Message[] {
  return h.store.messages.page(account.id, from, { beforeId: null, limit: 200 }).messages;
}

function storedIn(h: Harness, account: Account, from: string, body: string): Promise<Message> {
  return eventually(
    () => inbox(h, account, from).find((m) => m.direction === 'in' && m.body === body),
    25_000,
  );
}

/** Our own PEP node created as a careless client leaves it: access model 'presence'. */
async function publishWithPresenceAccess(session: Session, node: string, item: string) {
  const field = (name: string, value: string) =>
    xml('field', { var: name }, xml('value', {}, value));
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
            field('FORM_TYPE', 'http://jabber.org/protocol/pubsub#publish-options'),
            field('pubsub#access_model', 'presence'),
          ),
        ),
      ),
    ),
  );
}

describe.skipIf(missing)('OMEMO through ejabberd', () => {
  beforeAll(async () => {
    server = await startEjabberd({
      users: ['alice', 'bob', 'carol', 'dave', 'erin', 'pre', 'stranger', 'python'].map(
        (local) => ({
          local,
          password: local === 'python' ? 'y' : `${local}-pw`,
        }),
      ),
    });
    stranger = rawSession('stranger', 'reader');
    await stranger.start();
  }, 60_000);

  afterAll(async () => {
    for (const h of opened) await h.close(true).catch(() => {});
    for (const s of sessions) await s.stop().catch(() => {});
    await server?.stop();
  }, 30_000);

  it('publishes both device lists and bundles that a stranger can read', async () => {
    const { h, account } = await omemoInstallation('alice');
    await readableByStranger(account.jid, deviceIdOf(h, account));
  }, 90_000);

  it('two devices of one account: both OMEMO 2 bundles stay on the shared node', async () => {
    // ejabberd's PEP nodes keep one item unless configured: the second device's bundle would
    // replace the first's.
    const first = await omemoInstallation('dave');
    const second = await omemoInstallation('dave');
    const ids = [deviceIdOf(first.h, first.account), deviceIdOf(second.h, second.account)];
    for (const id of ids) await readableByStranger(first.account.jid, id);
  }, 90_000);

  it('repairs nodes left with presence access (precondition-not-met) and publishes', async () => {
    const careless = rawSession('pre', 'careless');
    await careless.start();
    const nodes: [OmemoVersion, string, string][] = [
      ['legacy', 'eu.siacs.conversations.axolotl.devicelist', 'current'],
      ['v2', 'urn:xmpp:omemo:2:devices', 'current'],
      ['v2', 'urn:xmpp:omemo:2:bundles', '31337'],
    ];
    for (const [, node, item] of nodes) await publishWithPresenceAccess(careless, node, item);
    // Closed to a stranger: ejabberd answers not-authorized with presence-subscription-required
    // (Prosody: forbidden), which means "no devices to read here", not a failure.
    for (const version of OMEMO_VERSIONS)
      expect(await fetchDeviceList(read, `pre@${server.domain}`, version)).toEqual([]);
    await careless.stop();

    const { h, account } = await omemoInstallation('pre');
    await readableByStranger(account.jid, deviceIdOf(h, account));
  }, 90_000);

  it('what ejabberd answers on the way: precondition-not-met, and no max_items option', async () => {
    const erin = rawSession('erin', 'desk');
    await erin.start();
    await publishWithPresenceAccess(erin, 'eu.siacs.conversations.axolotl.devicelist', 'current');
    await publishWithPresenceAccess(erin, 'urn:xmpp:omemo:2:bundles', '4040');
    const answers: string[] = [];
    const watched: IqSender = async (iq) => {
      try {
        const result = await erin.iq(iq);
        answers.push('result');
        return result;
      } catch (err) {
        answers.push(
          isPreconditionNotMet(err) ? 'precondition-not-met' : String(iqErrorCondition(err)),
        );
        throw err;
      }
    };
    await announceOwnDevice(watched, erin.bareJid, { id: 4041 }, 'legacy');
    expect(answers.splice(0)).toEqual(['result', 'precondition-not-met', 'result', 'result']);
    const bundle = await fetchBundle(read, `dave@${server.domain}`, await daveDevice(), 'v2');
    if ('rejected' in bundle) throw new Error(bundle.rejected);
    await publishOwnBundle(watched, 4041, bundle, 'v2');
    // max_items refused whatever the node: configured by its owner, then published.
    expect(answers).toEqual(['resource-constraint', 'result', 'result']);
    expect(await fetchDeviceList(read, erin.bareJid, 'legacy')).toEqual([{ id: 4041 }]);
    expect(await fetchBundle(read, erin.bareJid, 4041, 'v2')).toEqual(bundle);
  }, 60_000);

  it('two Parley installations: OMEMO 2 both ways', async () => {
    const alice = await omemoInstallation('bob');
    const bob = await omemoInstallation('carol');
    await befriend(
      { h: alice.h, account: alice.account, key: Buffer.alloc(0) },
      { h: bob.h, account: bob.account, key: Buffer.alloc(0) },
    );
    await alice.h.call('omemo.conversation.set', {
      accountId: alice.account.id,
      peer: bob.account.jid,
      encryption: 'omemo',
    });
    await alice.h.call('messages.send', {
      accountId: alice.account.id,
      peer: bob.account.jid,
      body: 'hello over ejabberd',
    });
    const atBob = await storedIn(bob.h, bob.account, alice.account.jid, 'hello over ejabberd');
    expect(atBob.encryption).toBe('omemo2');
    await bob.h.call('messages.send', {
      accountId: bob.account.id,
      peer: alice.account.jid,
      body: 'hi back',
    });
    const atAlice = await storedIn(alice.h, alice.account, bob.account.jid, 'hi back');
    expect(atAlice.encryption).toBe('omemo2');
  }, 90_000);

  describe('with python-omemo', () => {
    let peer: Peer;
    let h: Harness;
    let account: Account;
    let pythonJid: string;
    let pythonDevice: number;
    const run = commandRunner(() => peer);

    /** What the python device made of the message with this text. */
    function pythonGot(text: string): Promise<PeerEvent> {
      return Promise.race([
        peer.next('received', (e) => e.text === text),
        peer.next('receive-error').then((e) => {
          throw new Error(`python could not decrypt: ${String(e.error)}\n${peer.stderr()}`);
        }),
        new Promise<never>((_, reject) =>
          setTimeout(
            () => reject(new Error(`nothing arrived at python: ${JSON.stringify(peer.events)}`)),
            30_000,
          ),
        ),
      ]);
    }

    /** python-omemo encrypts `text` to us and sends it (it reads our lists and bundles). */
    async function pythonSends(ns: 'legacy' | 'v2', text: string): Promise<void> {
      let lastError: unknown = null;
      await eventually(
        () =>
          run({ do: 'send', jid: account.jid, ns, text }, 'sent').catch((error: unknown) => {
            lastError = error;
            return undefined;
          }),
        30_000,
      ).catch((error: unknown) => {
        throw new Error(`${String(error)}; python said: ${String(lastError)}`);
      });
    }

    beforeAll(async () => {
      ({ h, account } = await omemoInstallation('alice'));
      const python = server.users.find((u) => u.local === 'python')!;
      pythonJid = python.jid;
      peer = startPythonPeer('omemo-pep-peer.py', ['--timeout', '150'], server, python, 160_000);
      await peer.next('ready');
      pythonDevice = (await run({ do: 'publish' }, 'published')).device_id as number;
      await run({ do: 'listen' }, 'listening');
    }, 90_000);

    afterAll(async () => {
      peer?.end();
      await peer?.finish().catch(() => peer.kill());
    }, 30_000);

    it("python's nodes are open too: Parley reads its device in both versions", async () => {
      for (const version of OMEMO_VERSIONS) {
        const list = await fetchDeviceList(read, pythonJid, version);
        expect(list.map((d) => d.id)).toContain(pythonDevice);
      }
    }, 30_000);

    it('python-omemo reads what Parley sends: OMEMO 2, then legacy', async () => {
      const v2 = pythonGot('to python, omemo 2');
      await h.call('messages.send', {
        accountId: account.id,
        peer: pythonJid,
        body: 'to python, omemo 2',
      });
      expect(await v2).toMatchObject({ ns: 'v2', text: 'to python, omemo 2', body: null });
      // As a Conversations device: on the legacy list only (our copy of its v2 list emptied).
      h.store.omemoDevices.applyList(account.id, pythonJid, 'omemo2', [], Date.now());
      const legacy = pythonGot('to python, legacy');
      await h.call('messages.send', {
        accountId: account.id,
        peer: pythonJid,
        body: 'to python, legacy',
      });
      expect(await legacy).toMatchObject({ ns: 'legacy', text: 'to python, legacy' });
      expect(peer.events.filter((e) => e.event === 'received-plain')).toEqual([]);
    }, 90_000);

    for (const [ns, version] of [
      ['v2', 'omemo2'],
      ['legacy', 'omemo'],
    ] as const satisfies readonly (readonly ['legacy' | 'v2', StoredVersion])[]) {
      it(`Parley reads python's ${version} reply`, async () => {
        await pythonSends(ns, `python says ${ns}`);
        const got = await storedIn(h, account, pythonJid, `python says ${ns}`);
        expect(got).toMatchObject({ encryption: version, senderDevice: pythonDevice });
        expect(got.decryptError ?? null).toBeNull();
      }, 90_000);
    }

    it('an encrypted message sent while Parley was away arrives in the archive catch-up', async () => {
      const offline = h.waitFor(
        'account.changed',
        (a) => a.id === account.id && a.state === 'disconnected',
      );
      await h.call('accounts.disconnect', { id: account.id });
      await offline;
      await pythonSends('v2', 'while away, omemo 2');
      await pythonSends('legacy', 'while away, legacy');
      const v2 = h.waitFor('message.added', (m) => m.body === 'while away, omemo 2', 30_000);
      const legacy = h.waitFor('message.added', (m) => m.body === 'while away, legacy', 30_000);
      await h.call('accounts.connect', { id: account.id });
      expect(await v2).toMatchObject({ encryption: 'omemo2', direction: 'in' });
      expect(await legacy).toMatchObject({ encryption: 'omemo', direction: 'in' });
      expect(inbox(h, account, pythonJid).filter((m) => m.decryptError)).toEqual([]);
    }, 90_000);
  });
});
