// The trust dialog's rules over a real store: a changed key is decided only by naming it,
// verifying a device ends blind trust for the contact's new devices, a link with one wrong
// fingerprint verifies nothing, and our own current device is listed as such.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deriveIdentity } from '@parley/omemo';
import { newAccount, openTempStore, type TempStore } from '../../../../store/src/test-support.js';
import { testScope } from '../../test-support/scope.js';
import { OmemoAccount } from './omemo-account.js';
import { OmemoTrustService } from './omemo-trust-service.js';

const ME = 'me@example.org';
const BOB = 'bob@example.org';
const key = (n: number) => new Uint8Array(32).fill(n);
const hex = (n: number) => Buffer.from(key(n)).toString('hex');
let temp: TempStore;
let service: OmemoTrustService;

beforeEach(() => {
  temp = openTempStore();
  temp.store.accounts.insert(newAccount('a', { jid: ME, password: 'pw', resource: 'r' }));
  const scope = testScope(temp.store, 'a', ME);
  const omemo = new OmemoAccount(scope);
  service = new OmemoTrustService(scope, omemo, () => 1000);
  omemo.devices.apply(BOB, 'v2', [{ id: 1 }, { id: 2 }]);
  temp.store.omemoTrust.seen('a', BOB, 1, key(1), 10);
  temp.store.omemoTrust.seen('a', BOB, 2, key(2), 10);
});
afterEach(() => temp.dispose());

describe('the trust service', () => {
  it('lists devices with fingerprints and BTBV trust; verifying one ends blind trust', () => {
    expect(service.rows(BOB).map((d) => [d.deviceId, d.fingerprint, d.trust])).toEqual([
      [1, hex(1), 'blind'],
      [2, hex(2), 'blind'],
    ]);
    service.setTrust(BOB, 1, 'verified', hex(1));
    temp.store.omemoTrust.seen('a', BOB, 3, key(3), 20);
    expect(temp.store.omemoTrust.get('a', BOB, 3)?.trust).toBe('undecided');
  });

  it('refuses a decision about a key other than the one shown', () => {
    expect(() => service.setTrust(BOB, 1, 'verified', hex(9))).toThrow(/another key/);
    expect(temp.store.omemoTrust.get('a', BOB, 1)?.trust).toBe('blind');
  });

  it('replaces a changed key only when the decision names the new key', () => {
    temp.store.omemoTrust.seen('a', BOB, 1, key(7), 30);
    const row = service.rows(BOB).find((d) => d.deviceId === 1)!;
    expect(row).toMatchObject({
      keyChanged: true,
      fingerprint: hex(1),
      changedFingerprint: hex(7),
    });
    expect(() => service.setTrust(BOB, 1, 'verified', null)).toThrow(/changed/);
    expect(() => service.setTrust(BOB, 1, 'verified', hex(1))).toThrow(/changed/);
    service.setTrust(BOB, 1, 'distrusted', hex(7));
    expect(temp.store.omemoTrust.get('a', BOB, 1)).toMatchObject({
      key: key(7),
      trust: 'distrusted',
      conflictingKey: null,
    });
  });

  it('a link verifies the devices it matches, and nothing when one fingerprint differs', () => {
    const bad = service.applyLink(BOB, [
      { deviceId: 1, fingerprint: hex(1) },
      { deviceId: 2, fingerprint: hex(5) },
    ]);
    expect(bad).toEqual([
      { deviceId: 1, result: 'match' },
      { deviceId: 2, result: 'mismatch' },
    ]);
    expect(temp.store.omemoTrust.get('a', BOB, 1)?.trust).toBe('blind');
    const good = service.applyLink(BOB, [
      { deviceId: 1, fingerprint: hex(1) },
      { deviceId: 9, fingerprint: hex(9) },
    ]);
    expect(good).toEqual([
      { deviceId: 1, result: 'match' },
      { deviceId: 9, result: 'unknown-device' },
    ]);
    expect(temp.store.omemoTrust.get('a', BOB, 1)?.trust).toBe('verified');
    expect(temp.store.omemoTrust.get('a', BOB, 2)?.trust).toBe('blind');
  });

  it('our own current device is listed as such, in our link, and not open to decisions', () => {
    const omemo = new OmemoAccount(testScope(temp.store, 'a', ME));
    const me = omemo.identity();
    omemo.devices.apply(ME, 'v2', [{ id: me.deviceId }]);
    const ours = Buffer.from(deriveIdentity(me.seed).curvePublic).toString('hex');
    expect(service.rows(ME)).toMatchObject([
      { deviceId: me.deviceId, current: true, fingerprint: ours, trust: 'verified' },
    ]);
    expect(service.linkDevices(ME)).toEqual([{ deviceId: me.deviceId, fingerprint: ours }]);
    expect(() => service.setTrust(ME, me.deviceId, 'distrusted', null)).toThrow(/runs as/);
  });
});
