import { describe, expect, it } from 'vitest';
import { makeTestDevice } from '../test-support/v2-device.js';
import { xml } from '@xmpp/xml';
import {
  HEARTBEAT_COUNTER,
  OmemoV2Error,
  buildEnvelope,
  decrypt,
  decryptEnvelope,
  encrypt,
  parseSession,
  serializeSession,
  startSession,
  type EncryptedMessageV2,
  type SessionRecord,
} from './index.js';
import { MAX_SKIPPED_PER_MESSAGE, MAX_SKIPPED_PER_SESSION } from './ratchet.js';

const text = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const str = (u: Uint8Array | null) => (u === null ? null : Buffer.from(u).toString('utf8'));

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof OmemoV2Error) return e.code;
    throw e;
  }
  return 'no error';
}

/** Alice starts a session with Bob's bundle; helpers send either way and keep the sessions. */
function pair() {
  const alice = makeTestDevice('alice@example.org', 1001);
  const bob = makeTestDevice('bob@example.org', 2002);
  let aliceSession: SessionRecord = startSession(alice.own, bob.bundle);
  let bobSession: SessionRecord | null = null;
  const fromAlice = (plaintext: string | null) => {
    const out = encrypt(alice.own, plaintext === null ? null : text(plaintext), [
      { jid: 'bob@example.org', deviceId: 2002, session: aliceSession },
    ]);
    aliceSession = out.sessions[0]!.session;
    return out.message;
  };
  const bobReceives = (message: EncryptedMessageV2) => {
    const r = decrypt(bob.own, {
      senderJid: 'alice@example.org',
      message,
      session: bobSession,
      preKeys: bob.lookup,
    });
    bobSession = r.session;
    return r;
  };
  const fromBob = (plaintext: string | null) => {
    const out = encrypt(bob.own, plaintext === null ? null : text(plaintext), [
      { jid: 'alice@example.org', deviceId: 1001, session: bobSession! },
    ]);
    bobSession = out.sessions[0]!.session;
    return out.message;
  };
  const aliceReceives = (message: EncryptedMessageV2) => {
    const r = decrypt(alice.own, {
      senderJid: 'bob@example.org',
      message,
      session: aliceSession,
      preKeys: alice.lookup,
    });
    aliceSession = r.session;
    return r;
  };
  return {
    alice,
    bob,
    fromAlice,
    bobReceives,
    fromBob,
    aliceReceives,
    sessions: () => ({ aliceSession, bobSession }),
  };
}

describe('OMEMO 2 facade between two devices', () => {
  it('wraps messages in the key exchange until the peer answers, then stops', () => {
    const p = pair();
    const first = p.fromAlice('hello');
    const second = p.fromAlice('again');
    expect(first.keys[0]!.keys[0]!.kex).toBe(true);
    expect(second.keys[0]!.keys[0]!.kex).toBe(true);
    const r1 = p.bobReceives(first);
    expect(str(r1.plaintext)).toBe('hello');
    expect(r1.usedPreKeyId).not.toBeNull();
    expect(r1.reply).toBe('completion');
    expect(r1.identityKey).toEqual(p.alice.own.identity.edPub);
    // the repeated key exchange reuses the session: the prekey is gone by now
    const r2 = p.bobReceives(second);
    expect(str(r2.plaintext)).toBe('again');
    expect(r2.usedPreKeyId).toBeNull();
    const completion = p.fromBob(null);
    expect(completion.payload).toBeUndefined();
    const r3 = p.aliceReceives(completion);
    expect(r3.plaintext).toBeNull();
    expect(p.fromAlice('confirmed').keys[0]!.keys[0]!.kex).toBe(false);
  });

  it('refuses a replayed message and leaves the session usable', () => {
    const p = pair();
    const m = p.fromAlice('once');
    p.bobReceives(m);
    p.aliceReceives(p.fromBob('ack'));
    const plain = p.fromAlice('plain');
    p.bobReceives(plain);
    expect(code(() => p.bobReceives(plain))).toBe('duplicate');
    expect(str(p.bobReceives(p.fromAlice('after')).plaintext)).toBe('after');
  });

  it('decrypts out of order within the skip bound and refuses a jump beyond it', () => {
    const p = pair();
    p.bobReceives(p.fromAlice('start'));
    p.aliceReceives(p.fromBob(null));
    const burst = Array.from({ length: 5 }, (_, i) => p.fromAlice(`m${i}`));
    for (const i of [4, 0, 3, 1, 2]) expect(str(p.bobReceives(burst[i]!).plaintext)).toBe(`m${i}`);
    for (let i = 0; i <= MAX_SKIPPED_PER_MESSAGE; i++) p.fromAlice(null);
    expect(code(() => p.bobReceives(p.fromAlice('too far')))).toBe('too-many-skipped');
  });

  it('rejects a tampered key and a tampered payload without advancing the session', () => {
    const p = pair();
    p.bobReceives(p.fromAlice('start'));
    p.aliceReceives(p.fromBob(null));
    const m = p.fromAlice('secret');
    const badKey = structuredClone(m);
    const data = badKey.keys[0]!.keys[0]!.data;
    data[data.length - 1]! ^= 1;
    expect(code(() => p.bobReceives(badKey))).toBe('auth-failed');
    const badPayload = structuredClone(m);
    badPayload.payload![0]! ^= 1;
    expect(code(() => p.bobReceives(badPayload))).toBe('auth-failed');
    expect(str(p.bobReceives(m).plaintext)).toBe('secret');
  });

  it('asks for one heartbeat per ratchet key once the counter reaches 53', () => {
    const p = pair();
    p.bobReceives(p.fromAlice('start'));
    p.aliceReceives(p.fromBob(null));
    const replies: (string | null)[] = [];
    for (let i = 0; i < HEARTBEAT_COUNTER + 3; i++)
      replies.push(p.bobReceives(p.fromAlice(`n${i}`)).reply);
    // the first message on this chain was n=0; n=53 is the 54th
    expect(replies.indexOf('heartbeat')).toBe(HEARTBEAT_COUNTER);
    expect(replies.filter((r) => r === 'heartbeat')).toHaveLength(1);
  });

  it('reports a message without our key, and a plain message without a session', () => {
    const p = pair();
    const m = p.fromAlice('hi');
    const carol = makeTestDevice('carol@example.org', 3003);
    expect(
      code(() =>
        decrypt(carol.own, {
          senderJid: 'alice@example.org',
          message: m,
          session: null,
          preKeys: carol.lookup,
        }),
      ),
    ).toBe('not-for-us');
    p.bobReceives(m);
    p.aliceReceives(p.fromBob(null));
    const plain = p.fromAlice('no kex');
    expect(
      code(() =>
        decrypt(p.bob.own, {
          senderJid: 'alice@example.org',
          message: plain,
          session: null,
          preKeys: p.bob.lookup,
        }),
      ),
    ).toBe('no-session');
  });

  it('refuses a key exchange whose identity key differs from the one known for the device', () => {
    const p = pair();
    const other = makeTestDevice('alice@example.org', 1001);
    const m = p.fromAlice('hi');
    expect(
      code(() =>
        decrypt(p.bob.own, {
          senderJid: 'alice@example.org',
          message: m,
          session: null,
          knownIk: other.own.identity.edPub,
          preKeys: p.bob.lookup,
        }),
      ),
    ).toBe('identity-mismatch');
  });

  it('serialises sessions losslessly, bounded, and refuses corrupt records', () => {
    const p = pair();
    p.bobReceives(p.fromAlice('start'));
    p.aliceReceives(p.fromBob(null));
    for (let i = 0; i < 300; i++) p.fromAlice(null);
    p.bobReceives(p.fromAlice('skip 300'));
    const { bobSession } = p.sessions();
    const json = serializeSession(bobSession!);
    expect(parseSession(json)).toEqual(bobSession);
    expect(bobSession!.ratchet.skipped).toHaveLength(300);
    expect(json.length).toBeLessThan(40_000);
    const broken = JSON.parse(json);
    broken.ratchet.rootKey = 'AAAA';
    expect(code(() => parseSession(JSON.stringify(broken)))).toBe('malformed');
    expect(MAX_SKIPPED_PER_SESSION).toBe(1000);
  });

  it('keeps the session record small across many direction changes (no old chains kept)', () => {
    const p = pair();
    p.bobReceives(p.fromAlice('start'));
    p.aliceReceives(p.fromBob(null));
    const sizes: number[] = [];
    for (let i = 0; i < 300; i++) {
      p.bobReceives(p.fromAlice(`a${i}`));
      p.aliceReceives(p.fromBob(`b${i}`));
      if (i % 100 === 99) sizes.push(serializeSession(p.sessions().bobSession!).length);
    }
    expect(sizes.every((size) => size === sizes[0])).toBe(true);
    expect(sizes[0]).toBeLessThan(1024);
  });

  it('checks the SCE envelope against the stanza when decrypting an envelope', () => {
    const p = pair();
    const envelope = (from: string) =>
      text(
        buildEnvelope({
          content: [xml('body', { xmlns: 'jabber:client' }, 'hi')],
          from,
          to: 'bob@example.org',
        }),
      );
    const open = (message: EncryptedMessageV2, session: SessionRecord | null) =>
      decryptEnvelope(p.bob.own, {
        senderJid: 'alice@example.org',
        stanzaTo: 'bob@example.org/laptop',
        message,
        session,
        preKeys: p.bob.lookup,
      });
    const good = open(p.fromAlice(null), null);
    expect(good.envelope).toBeNull();
    const honest = encrypt(p.alice.own, envelope('alice@example.org'), [
      { jid: 'bob@example.org', deviceId: 2002, session: p.sessions().aliceSession },
    ]);
    expect(open(honest.message, good.session).envelope!.content[0]!.getText()).toBe('hi');
    const lifted = encrypt(p.alice.own, envelope('mallory@example.org'), [
      { jid: 'bob@example.org', deviceId: 2002, session: honest.sessions[0]!.session },
    ]);
    expect(code(() => open(lifted.message, good.session))).toBe('envelope');
  });

  it('encrypts one payload for several devices of several JIDs, grouped by JID', () => {
    const alice = makeTestDevice('alice@example.org', 1);
    const bobs = [makeTestDevice('bob@example.org', 2), makeTestDevice('bob@example.org', 3)];
    const alice2 = makeTestDevice('alice@example.org', 4);
    const recipients = [...bobs, alice2].map((d) => ({
      jid: d.own.jid,
      deviceId: d.own.deviceId,
      session: startSession(alice.own, d.bundle),
    }));
    const { message } = encrypt(alice.own, text('to all'), recipients);
    expect(message.keys.map((k) => [k.jid, k.keys.map((x) => x.rid)])).toEqual([
      ['bob@example.org', [2, 3]],
      ['alice@example.org', [4]],
    ]);
    expect(code(() => encrypt(alice.own, text('nobody'), []))).toBe('no-recipients');
    expect(code(() => encrypt(alice.own, text('twice'), [recipients[0]!, recipients[0]!]))).toBe(
      'malformed',
    );
    for (const d of [...bobs, alice2]) {
      const r = decrypt(d.own, {
        senderJid: 'alice@example.org',
        message,
        session: null,
        preKeys: d.lookup,
      });
      expect(str(r.plaintext)).toBe('to all');
    }
  });
});
