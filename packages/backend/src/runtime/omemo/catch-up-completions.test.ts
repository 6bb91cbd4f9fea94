// Session completions during an archive catch-up: a sender we never answered made every message
// a prekey message; the catch-up answers each device once, when it ends, not once per message.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { LegacyOmemoAccount } from '@parley/omemo';
import type { Element, Session } from '@parley/xmpp';
import { newAccount, openTempStore, type TempStore } from '../../../../store/src/test-support.js';
import { makeDevice } from '../../../../omemo/src/test-support/legacy-pair.js';
import { testScope } from '../../test-support/scope.js';
import { OmemoAccount } from './omemo-account.js';
import { KeyTransports, type FollowUp } from './omemo-key-transport.js';
import { ensureIdentity, ownBundle } from './own-keys.js';

const ME = 'me@example.org';
const PEER = 'peer@example.org';
let temp: TempStore;

beforeEach(() => {
  temp = openTempStore();
  temp.store.accounts.insert(newAccount('a', { jid: ME, password: 'pw', resource: 'r' }));
});
afterEach(() => temp.dispose());

it('answers prekey messages from the archive with one completion per device, at its end', async () => {
  const { store } = temp;
  ensureIdentity(store, 'a', [], 1_000);
  // Completions only: with the setting on, a consumed prekey would also republish the bundle.
  store.settings.set('omemo', null, false);
  const scope = testScope(store, 'a', ME);
  const omemo = new OmemoAccount(scope);
  const sent: Element[] = [];
  const session = { send: async (stanza: Element) => void sent.push(stanza) } as Session;
  const transports = new KeyTransports(scope, omemo, () => session);

  // The peer builds its session from our bundle and sends three messages, all prekey ones.
  const me = new LegacyOmemoAccount(omemo.legacyStorage, ME);
  const deviceId = await me.deviceId();
  const peer = await makeDevice(PEER);
  const wire = ownBundle(store, 'a', 'legacy');
  const built = await peer.account.buildSession(
    { jid: ME, deviceId },
    {
      identityKey: wire.identityKey,
      signedPreKey: {
        id: wire.signedPreKey.id,
        publicKey: wire.signedPreKey.key,
        signature: wire.signedPreKey.signature,
      },
      preKeys: wire.preKeys.map((p) => ({ id: p.id, publicKey: p.key })),
    },
  );
  await peer.storage.commit(built.writes);

  omemo.beginHistorySync();
  for (const text of ['one', 'two', 'three']) {
    const out = await peer.account.encrypt(text, [{ jid: ME, deviceId }]);
    await peer.storage.commit(out.writes);
    const got = await me.decrypt(PEER, out.result.encrypted, () => true);
    expect(got.result.prekey).toBe(true);
    await omemo.legacyStorage.commit(got.writes);
    const followUp: FollowUp = {
      version: 'omemo',
      jid: PEER,
      deviceId: peer.address.deviceId,
      preKeysConsumed: got.result.consumedPreKeys.length > 0,
      completeSession: true,
      heartbeat: false,
    };
    transports.after(followUp);
    await transports.idle();
  }
  expect(sent).toHaveLength(0);

  await omemo.endHistorySync(session);
  await transports.idle();
  expect(sent).toHaveLength(1);
  // An empty message (no payload, no body) to the peer's device, which it can open.
  const encrypted = sent[0]!.getChild('encrypted', 'eu.siacs.conversations.axolotl')!;
  expect(encrypted.getChild('payload')).toBeUndefined();
  expect(sent[0]!.getChild('body')).toBeUndefined();
  expect(sent[0]!.attrs.to).toBe(PEER);

  // Outside a catch-up, a prekey message is answered at once.
  transports.after({
    version: 'omemo',
    jid: PEER,
    deviceId: peer.address.deviceId,
    preKeysConsumed: false,
    completeSession: true,
    heartbeat: false,
  });
  await transports.idle();
  expect(sent).toHaveLength(2);
});
