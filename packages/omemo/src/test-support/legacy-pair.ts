/** Two in-memory legacy OMEMO accounts for tests. */
import { LegacyOmemoAccount, type DecryptResult, type Staged } from '../legacy/account.js';
import type { LegacyEncrypted } from '../legacy/message.js';
import { MemoryOmemoStorage, type DeviceAddress } from '../storage.js';

export interface TestDevice {
  readonly jid: string;
  readonly storage: MemoryOmemoStorage;
  readonly account: LegacyOmemoAccount;
  readonly address: DeviceAddress;
}

export async function makeDevice(jid: string): Promise<TestDevice> {
  const storage = new MemoryOmemoStorage();
  const account = new LegacyOmemoAccount(storage, jid);
  const created = await account.create();
  await storage.commit(created.writes);
  return { jid, storage, account, address: { jid, deviceId: created.result.deviceId } };
}

export const acceptAll = () => true;

/** `from` builds a session with `to` from `to`'s bundle (committed). */
export async function connect(from: TestDevice, to: TestDevice): Promise<void> {
  const built = await from.account.buildSession(to.address, await to.account.bundle());
  await from.storage.commit(built.writes);
}

export async function send(from: TestDevice, to: TestDevice, text: string | null) {
  const out = await from.account.encrypt(text, [to.address]);
  await from.storage.commit(out.writes);
  return out.result.encrypted;
}

export async function receive(
  to: TestDevice,
  from: TestDevice,
  encrypted: LegacyEncrypted,
): Promise<Staged<DecryptResult>> {
  const got = await to.account.decrypt(from.jid, encrypted, acceptAll);
  await to.storage.commit(got.writes);
  return got;
}

export const text = (b: Uint8Array | null) => (b === null ? null : new TextDecoder().decode(b));
