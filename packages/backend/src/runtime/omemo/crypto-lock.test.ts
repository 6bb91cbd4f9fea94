// The account's OMEMO crypto lock: a send on a session whose received message is decrypted but
// not yet committed waits for that commit, so neither ratchet step is lost; whatever happens to
// the decryption's write (committed, rolled back, never run) lets the lock go.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  LegacyOmemoAccount,
  withoutDjbType,
  type LegacyBundle,
  type LegacyEncrypted,
} from '@parley/omemo';
import {
  buildEncryptedMessageChildren,
  parseEncryptedMessage,
  xml,
  type Element,
  type OutgoingContext,
  type OutgoingMessage,
  type TransformOutcome,
} from '@parley/xmpp';
import {
  buildEnvelope,
  decrypt as decryptV2,
  encrypt as encryptV2,
  startSession,
  type BundleV2,
  type SessionRecord,
} from '@parley/omemo/v2';
import { newAccount, openTempStore, type TempStore } from '../../../../store/src/test-support.js';
import {
  acceptAll,
  makeDevice,
  text,
  type TestDevice,
} from '../../../../omemo/src/test-support/legacy-pair.js';
import { makeTestDevice } from '../../../../omemo/src/test-support/v2-device.js';
import { envelopeOf } from '../../test-support/envelope.js';
import { testScope } from '../../test-support/scope.js';
import { WriteBatch, type WriteOp } from '../write-batch.js';
import { CryptoLock } from './crypto-lock.js';
import { OmemoAccount } from './omemo-account.js';
import { OmemoChoice } from './omemo-choice.js';
import { OmemoDecrypt } from './omemo-decrypt.js';
import { OmemoEncrypt } from './omemo-encrypt.js';
import { KeyTransports } from './omemo-key-transport.js';
import { STALE_AFTER_UNANSWERED } from './omemo-recipients.js';
import { ownBundle } from './own-keys.js';

const ME = 'me@example.org';
const BOB = 'bob@example.org';
const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

describe('CryptoLock', () => {
  it('decryptions share it; a sender waits for all of them, then for nothing else', async () => {
    const lock = new CryptoLock();
    const first = await lock.decryption();
    const second = await lock.decryption();
    const order: string[] = [];
    const sent = lock.exclusive(() => void order.push('send'));
    await tick();
    first();
    await tick();
    expect(order).toEqual([]);
    second();
    second(); // a second call changes nothing
    await sent;
    expect(order).toEqual(['send']);
    expect(lock.held).toBe(false);
  });

  it('the next message’s decryption waits for a sender that waited for the previous one', async () => {
    const lock = new CryptoLock();
    const order: string[] = [];
    const release = await lock.decryption();
    const sent = lock.exclusive(async () => {
      order.push('send');
      await tick(5);
    });
    // The ingress commits a message (its hold ends) before it opens the next.
    release();
    const next = lock.decryption().then((r) => {
      order.push('decrypt');
      r();
    });
    await Promise.all([sent, next]);
    expect(order).toEqual(['send', 'decrypt']);
  });

  it('a failing sender lets it go', async () => {
    const lock = new CryptoLock();
    await expect(lock.exclusive(() => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(lock.held).toBe(false);
  });
});

describe('a send and a receive on one session', () => {
  let temp: TempStore;
  let omemo: OmemoAccount;
  let decrypt: OmemoDecrypt;
  let encrypt: OmemoEncrypt;
  let peer: TestDevice;
  let own: number;
  let sends = 0;

  beforeEach(async () => {
    temp = openTempStore();
    const { store } = temp;
    store.accounts.insert(newAccount('a', { jid: ME, password: 'pw', resource: 'r' }));
    store.settings.set('omemo', null, true);
    const scope = testScope(store, 'a', ME);
    omemo = new OmemoAccount(scope);
    own = omemo.identity().deviceId;
    decrypt = new OmemoDecrypt(scope, omemo, new KeyTransports(scope, omemo, () => null));
    // Device lists known and fresh: no fetch; every device has a session: no bundle fetch.
    const offline = {
      iq: () => Promise.reject(new Error('no network in this test')),
    } as unknown as import('@parley/xmpp').Session;
    encrypt = new OmemoEncrypt(scope, omemo, new OmemoChoice(scope), () => offline);
    store.omemoConversations.set('a', BOB, 'omemo', 1);
    peer = await makeDevice(BOB);
    omemo.devices.apply(BOB, 'legacy', [{ id: peer.address.deviceId }]);
    omemo.devices.apply(BOB, 'v2', []);
    omemo.devices.apply(ME, 'legacy', [{ id: own }]);
    omemo.devices.apply(ME, 'v2', [{ id: own }]);
    const built = await peer.account.buildSession(
      { jid: ME, deviceId: own },
      legacyBundleOf(store),
    );
    await peer.storage.commit(built.writes);
  });
  afterEach(() => temp.dispose());

  /** The peer's next message to us, as our pipeline's transform opens it (not committed). */
  async function incoming(body: string): Promise<TransformOutcome> {
    return decrypt.run(envelopeOf(await bobWrites(body), ME));
  }

  /** The peer's next message to us, as a stanza. */
  async function bobWrites(body: string): Promise<Element> {
    const out = await peer.account.encrypt(body, [{ jid: ME, deviceId: own }]);
    await peer.storage.commit(out.writes);
    return fromBob('x', out.result.encrypted);
  }

  /** Commits a decryption's write as the ingress does: in the account's write batch. */
  function commit(outcome: TransformOutcome): void {
    const batch = new WriteBatch(temp.store);
    batch.add(null, outcome.write!);
    batch.flush();
  }

  function send(body: string): Promise<Element> {
    const id = `s${++sends}`;
    const stanza = xml('message', { to: BOB, type: 'chat', id }, xml('body', {}, body));
    const message: OutgoingMessage = { to: BOB, kind: 'chat', id, body };
    const ctx: OutgoingContext = { sendChatStates: false, account: ME };
    return Promise.resolve(encrypt.transform(stanza, message, ctx));
  }

  /** What the peer reads of our stanza (its session committed after each). */
  async function peerReads(stanza: Element): Promise<string | null> {
    const parsed = parseEncryptedMessage(stanza);
    if (parsed === null || 'rejected' in parsed || parsed.version !== 'legacy') {
      throw new Error('not a legacy OMEMO message');
    }
    const got = await peer.account.decrypt(ME, parsed, acceptAll);
    await peer.storage.commit(got.writes);
    return text(got.result.plaintext);
  }

  it('a send while a received message is not yet committed: no ratchet step lost', async () => {
    // The session both ways: the peer's first (prekey) message, our answer, its reply.
    commit(await incoming('hello'));
    expect(await peerReads(await send('hi back'))).toBe('hi back');
    commit(await incoming('on a new ratchet key'));

    // A message arrives and is decrypted; its write waits in the batch (one event-loop turn).
    const pending = await incoming('while you type');
    expect(pending).toMatchObject({ kind: 'replaced' });
    // The user sends meanwhile.
    const sending = send('typed meanwhile');
    await tick(20);
    commit(pending);
    const first = await sending;
    const second = await send('and the next one');
    expect(await peerReads(first)).toBe('typed meanwhile');
    // Without the lock the received message's commit overwrote the send's ratchet step: this
    // one reused its message key and the peer could not open it.
    expect(await peerReads(second)).toBe('and the next one');
    expect(omemo.lock.held).toBe(false);
  });

  it('OMEMO 2: a send while a received message is not yet committed loses no step', async () => {
    const { store } = temp;
    // Bob's device speaks OMEMO 2 only; its session state lives here.
    const bob = makeTestDevice(BOB, 4_242);
    omemo.devices.apply(BOB, 'legacy', []);
    omemo.devices.apply(BOB, 'v2', [{ id: 4_242 }]);
    let bobSession: SessionRecord = startSession(bob.own, v2BundleOf(store));
    const incomingV2 = (body: string) => {
      const envelope = buildEnvelope({
        content: [xml('body', { xmlns: 'jabber:client' }, body)],
        from: BOB,
        to: ME,
      });
      const recipient = { jid: ME, deviceId: own, session: bobSession };
      const out = encryptV2(bob.own, new TextEncoder().encode(envelope), [recipient]);
      bobSession = out.sessions[0]!.session;
      const children = buildEncryptedMessageChildren({ version: 'v2', ...out.message });
      const stanza = xml('message', { from: `${BOB}/z`, to: `${ME}/r`, type: 'chat' }, ...children);
      return decrypt.run(envelopeOf(stanza, ME));
    };
    const bobReads = (stanza: Element): string => {
      const parsed = parseEncryptedMessage(stanza);
      if (parsed === null || 'rejected' in parsed || parsed.version !== 'v2') {
        throw new Error('not an OMEMO 2 message');
      }
      const got = decryptV2(bob.own, {
        senderJid: ME,
        message: { sid: parsed.sid, keys: parsed.keys, payload: parsed.payload! },
        session: bobSession,
        preKeys: bob.lookup,
      });
      bobSession = got.session;
      return new TextDecoder().decode(got.plaintext!);
    };
    commit(await incomingV2('hello'));
    expect(bobReads(await send('hi back'))).toContain('>hi back<');
    commit(await incomingV2('on a new ratchet key'));
    const pending = await incomingV2('while you type');
    const sending = send('typed meanwhile');
    await tick(20);
    commit(pending);
    const first = await sending;
    const second = await send('and the next one');
    expect(bobReads(first)).toContain('>typed meanwhile<');
    expect(bobReads(second)).toContain('>and the next one<');
  });

  it('a stale device is skipped while the contact has a live one, until it writes again', async () => {
    const { store } = temp;
    commit(await incoming('hello'));
    // The contact's second device: a session with it, its key pinned, 106 messages unanswered.
    const second = await makeDevice(BOB);
    const secondId = second.address.deviceId;
    omemo.devices.apply(BOB, 'legacy', [{ id: peer.address.deviceId }, { id: secondId }]);
    const bundle = await second.account.bundle();
    const me = new LegacyOmemoAccount(omemo.legacyStorage, ME);
    await omemo.legacyStorage.commit((await me.buildSession(second.address, bundle)).writes);
    store.omemoTrust.seen('a', BOB, secondId, withoutDjbType(bundle.identityKey), 1);
    const rids = async (body: string) => {
      const parsed = parseEncryptedMessage(await send(body));
      if (parsed === null || 'rejected' in parsed) throw new Error('not encrypted');
      return parsed.keys.map((k) => ('rid' in k ? k.rid : 0));
    };
    expect(await rids('to both')).toContain(secondId);
    for (let i = 1; i < STALE_AFTER_UNANSWERED; i++) {
      store.omemoDevices.noteSent('a', BOB, 'omemo', [secondId]);
    }
    expect(await rids('stale now')).toEqual([peer.address.deviceId]);

    // It writes: live again.
    const built = await second.account.buildSession(
      { jid: ME, deviceId: own },
      legacyBundleOf(store),
    );
    await second.storage.commit(built.writes);
    const out = await second.account.encrypt('back', [{ jid: ME, deviceId: own }]);
    commit(await decrypt.run(envelopeOf(fromBob('y', out.result.encrypted), ME)));
    expect(store.omemoDevices.get('a', BOB, 'omemo', secondId)?.sentUnanswered).toBe(0);
    expect(await rids('live again')).toContain(secondId);
  });

  it('an archive page: each message opens from the state the one before left, not yet committed', async () => {
    commit(await incoming('hello'));
    const first = await bobWrites('first on the page');
    const second = await bobWrites('second on the page');
    // Both decrypted before either commits (the page commits them together).
    const one = await decrypt.run(envelopeOf(first, ME));
    const two = await decrypt.run(envelopeOf(second, ME));
    expect(two).toMatchObject({ kind: 'replaced' });
    const batch = new WriteBatch(temp.store);
    batch.add(null, one.write!);
    batch.add(null, two.write!);
    batch.flush();
    expect(omemo.lock.held).toBe(false);
    // The first message's key is used up: the stored session cannot open it again (from the
    // state before it, it would have kept that key as a skipped one).
    expect(await decrypt.run(envelopeOf(first, ME))).toEqual({ kind: 'drop' });
    expect(omemo.lock.held).toBe(false);
  });

  it('a decryption whose write rolls back lets the lock go', async () => {
    const pending = await incoming('hello');
    expect(omemo.lock.held).toBe(true);
    const batch = new WriteBatch(temp.store);
    const failing: WriteOp = () => {
      throw new Error('cannot be stored');
    };
    batch.add(null, pending.write!);
    batch.add(null, failing);
    batch.flush();
    expect(omemo.lock.held).toBe(false);
  });

  it('a decryption with nothing to write lets it go at once', async () => {
    // A message not for our device: failed, no write.
    const out = await peer.account.encrypt('x', [{ jid: ME, deviceId: own }]);
    const other = own === 1 ? 2 : own - 1;
    const keys = out.result.encrypted.keys.map((k) => ({ ...k, rid: other }));
    const stanza = fromBob('x', { ...out.result.encrypted, keys });
    const outcome = await decrypt.run(envelopeOf(stanza, ME));
    expect(outcome).toMatchObject({ kind: 'failed' });
    expect(omemo.lock.held).toBe(false);
  });
});

/** A chat message from Bob's `resource` carrying `encrypted` (legacy). */
function fromBob(resource: string, encrypted: LegacyEncrypted): Element {
  const { sid, keys, iv, payload } = encrypted;
  const children = buildEncryptedMessageChildren({
    version: 'legacy',
    sid,
    keys: [...keys],
    iv,
    ...(payload ? { payload } : {}),
  });
  return xml('message', { from: `${BOB}/${resource}`, to: `${ME}/r`, type: 'chat' }, ...children);
}

function v2BundleOf(store: TempStore['store']): BundleV2 {
  const wire = ownBundle(store, 'a', 'v2');
  return {
    spkId: wire.signedPreKey.id,
    spk: wire.signedPreKey.key,
    spkSig: wire.signedPreKey.signature,
    ik: wire.identityKey,
    preKeys: wire.preKeys.map((p) => ({ id: p.id, pub: p.key })),
  };
}

function legacyBundleOf(store: TempStore['store']): LegacyBundle {
  const wire = ownBundle(store, 'a', 'legacy');
  return {
    identityKey: wire.identityKey,
    signedPreKey: {
      id: wire.signedPreKey.id,
      publicKey: wire.signedPreKey.key,
      signature: wire.signedPreKey.signature,
    },
    preKeys: wire.preKeys.map((p) => ({ id: p.id, publicKey: p.key })),
  };
}
