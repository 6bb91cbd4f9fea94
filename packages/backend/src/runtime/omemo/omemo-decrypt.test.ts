// The decrypt transform's decisions that need no peer: what is claimed, and what a message that
// cannot be opened becomes (stored with why, or nothing), never its fallback body.
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildEncryptedMessageChildren, xml, type OmemoEncrypted } from '@parley/xmpp';
import { newAccount, openTempStore, type TempStore } from '../../../../store/src/test-support.js';
import { envelopeOf } from '../../test-support/envelope.js';
import { testScope } from '../../test-support/scope.js';
import { OmemoAccount } from './omemo-account.js';
import { OmemoDecrypt } from './omemo-decrypt.js';
import { KeyTransports } from './omemo-key-transport.js';

const ME = 'me@example.org';
const BOB = 'bob@example.org';
let temp: TempStore;
let omemo: OmemoAccount;
let transform: OmemoDecrypt;

beforeEach(() => {
  temp = openTempStore();
  temp.store.accounts.insert(newAccount('a', { jid: ME, password: 'pw', resource: 'r' }));
  const scope = testScope(temp.store, 'a', ME);
  omemo = new OmemoAccount(scope);
  transform = new OmemoDecrypt(scope, omemo, new KeyTransports(scope, omemo, () => null));
});
afterEach(() => temp.dispose());

function legacy(sid: number, rid: number, opts: { prekey?: boolean; payload?: boolean } = {}) {
  const encrypted: OmemoEncrypted = {
    version: 'legacy',
    sid,
    keys: [{ rid, prekey: opts.prekey ?? false, data: randomBytes(48) }],
    iv: randomBytes(12),
    ...(opts.payload === false ? {} : { payload: randomBytes(16) }),
  };
  return buildEncryptedMessageChildren(encrypted, 'FALLBACK');
}

function v2(sid: number, rid: number) {
  const encrypted: OmemoEncrypted = {
    version: 'v2',
    sid,
    keys: [{ jid: ME, keys: [{ rid, kex: false, data: randomBytes(48) }] }],
    payload: randomBytes(32),
  };
  return buildEncryptedMessageChildren(encrypted);
}

function message(from: string, children: ReturnType<typeof legacy>, type = 'chat') {
  return envelopeOf(xml('message', { from, to: `${ME}/r`, type, id: 'm1' }, ...children), ME);
}

describe('OMEMO decryption in the pipeline', () => {
  it('claims messages with <encrypted/> of either version, and no others', () => {
    expect(transform.claims(message(`${BOB}/x`, legacy(5, 6)))).toBe(true);
    expect(transform.claims(message(`${BOB}/x`, v2(5, 6)))).toBe(true);
    expect(transform.claims(message(`${BOB}/x`, [xml('body', {}, 'plain')]))).toBe(false);
  });

  it('refuses a group chat message clearly, never showing its fallback', async () => {
    const room = message('room@conf.example.org/bob', legacy(5, 6), 'groupchat');
    expect(await transform.run(room)).toEqual({
      kind: 'failed',
      facts: { encryption: 'omemo', decryptError: 'room-not-supported' },
    });
  });

  it("a group chat message: opened as its sender's real JID, which the room must tell", async () => {
    const senders = new Map([['bob', BOB]]);
    transform.rooms = { senderOf: (head) => senders.get(head.from?.resource ?? '') ?? null };
    const own = omemo.identity().deviceId;
    // Nobody the room told us of: stored as such, never its fallback.
    const unknown = message('room@conf.example.org/eve', legacy(5, own), 'groupchat');
    expect(await transform.run(unknown)).toEqual({
      kind: 'failed',
      facts: { encryption: 'omemo', decryptError: 'sender-unknown' },
    });
    // Bob (real JID known): decrypted as Bob's, here without a session with his device.
    const fromBob = message('room@conf.example.org/bob', legacy(5, own), 'groupchat');
    expect(await transform.run(fromBob)).toMatchObject({
      facts: { decryptError: 'no-session', senderDevice: 5 },
    });
    // Our own device's message reflected by the room: nothing to open.
    senders.set('me', ME);
    const ours = message('room@conf.example.org/me', legacy(own, own + 1), 'groupchat');
    expect(await transform.run(ours)).toEqual({ kind: 'drop' });
  });

  it('without a device of ours (OMEMO never turned on), shows not-for-this-device', async () => {
    expect(await transform.run(message(`${BOB}/x`, legacy(5, 6)))).toMatchObject({
      kind: 'failed',
      facts: { encryption: 'omemo', decryptError: 'not-for-this-device', senderDevice: 5 },
    });
  });

  describe('with our device', () => {
    let own: number;
    beforeEach(() => (own = omemo.identity().deviceId));
    const other = () => (own === 1 ? 2 : own - 1);

    it('a message for other devices only is stored as such; a key transport is not', async () => {
      const failed = await transform.run(message(`${BOB}/x`, v2(5, other())));
      expect(failed).toMatchObject({ facts: { encryption: 'omemo2' } });
      expect(failed).toMatchObject({ facts: { decryptError: 'not-for-this-device' } });
      const empty = message(`${BOB}/x`, legacy(5, other(), { payload: false }));
      expect(await transform.run(empty)).toEqual({ kind: 'drop' });
    });

    it('our own device’s message (a carbon or archive copy) is nothing to store', async () => {
      expect(await transform.run(message(`${ME}/r`, legacy(own, other())))).toEqual({
        kind: 'drop',
      });
    });

    it('a normal message without a session asks for a new one', async () => {
      expect(await transform.run(message(`${BOB}/x`, legacy(5, own)))).toMatchObject({
        facts: { decryptError: 'no-session' },
      });
      expect(await transform.run(message(`${BOB}/x`, v2(5, own)))).toMatchObject({
        facts: { decryptError: 'no-session' },
      });
    });

    it('an unreadable prekey message is a bad payload, and changes nothing', async () => {
      const outcome = await transform.run(message(`${BOB}/x`, legacy(5, own, { prekey: true })));
      expect(outcome).toMatchObject({ kind: 'failed', facts: { decryptError: 'bad-payload' } });
      expect(temp.store.omemoSessions.get('a', BOB, 'omemo', 5)).toBeNull();
    });
  });
});
