// A prekey used during the archive catch-up stays usable until the catch-up ends (OMEMO.md: a
// second sender may have picked the same one from our bundle while we were offline). Over the
// real store, whose prekey list holds only the published (unconsumed) ones.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { LegacyOmemoAccount, type LegacyBundle } from '@parley/omemo';
import type { Store } from '@parley/store';
import { newAccount, openTempStore, type TempStore } from '../../../../store/src/test-support.js';
import { makeDevice, type TestDevice } from '../../../../omemo/src/test-support/legacy-pair.js';
import { StoreLegacyStorage } from './legacy-storage.js';
import { ensureIdentity, ownBundle } from './own-keys.js';

const ME = 'me@example.org';
let temp: TempStore;
let store: Store;

beforeEach(() => {
  temp = openTempStore();
  store = temp.store;
  store.accounts.insert(newAccount('a', { jid: ME, password: 'pw', resource: 'r' }));
});
afterEach(() => temp.dispose());

/** Our published bundle cut to its first prekey: every sender that fetches it picks that one. */
function bundleWithOnePreKey(): LegacyBundle {
  const wire = ownBundle(store, 'a', 'legacy');
  const first = wire.preKeys[0]!;
  return {
    identityKey: wire.identityKey,
    signedPreKey: {
      id: wire.signedPreKey.id,
      publicKey: wire.signedPreKey.key,
      signature: wire.signedPreKey.signature,
    },
    preKeys: [{ id: first.id, publicKey: first.key }],
  };
}

async function firstMessage(from: TestDevice, deviceId: number, bundle: LegacyBundle) {
  const built = await from.account.buildSession({ jid: ME, deviceId }, bundle);
  await from.storage.commit(built.writes);
  const sent = await from.account.encrypt(`hello from ${from.jid}`, [{ jid: ME, deviceId }]);
  return sent.result.encrypted;
}

it('a second sender that used the same prekey is decrypted while it is kept (consumed)', async () => {
  ensureIdentity(store, 'a', [], 1_000);
  const storage = new StoreLegacyStorage(store, 'a', () => 3_000);
  const me = new LegacyOmemoAccount(storage, ME, () => 3_000);
  const deviceId = await me.deviceId();
  const bundle = bundleWithOnePreKey();
  const preKeyId = bundle.preKeys[0]!.id;
  const first = await firstMessage(await makeDevice('one@example.org'), deviceId, bundle);
  const second = await firstMessage(await makeDevice('two@example.org'), deviceId, bundle);

  const one = await me.decrypt('one@example.org', first, () => true);
  await storage.commit(one.writes);
  expect(one.result.consumedPreKeys).toEqual([preKeyId]);
  // Consumed (off the published list), not deleted: the catch-up has not ended.
  expect(store.omemoPrekeys.get('a', 'omemo', preKeyId)?.consumedAt).toBe(3_000);
  expect(store.omemoPrekeys.published('a', 'omemo').map((p) => p.id)).not.toContain(preKeyId);

  const two = await me.decrypt('two@example.org', second, () => true);
  expect(new TextDecoder().decode(two.result.plaintext!)).toBe('hello from two@example.org');
});
