// What the device directory tells the renderer: a contact's list change, a device the contact
// had not announced before (not on the first list we see), and a device showing another key.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventName } from '@parley/contract';
import { newAccount, openTempStore, type TempStore } from '../../../../store/src/test-support.js';
import { EventBus } from '../../event-bus.js';
import { testScope } from '../../test-support/scope.js';
import { DeviceDirectory } from './device-directory.js';

const ME = 'me@example.org';
const BOB = 'bob@example.org';
let temp: TempStore;
let directory: DeviceDirectory;
let seen: { name: EventName; payload: unknown }[];

beforeEach(() => {
  temp = openTempStore();
  temp.store.accounts.insert(newAccount('a', { jid: ME, password: 'pw', resource: 'r' }));
  const bus = new EventBus(true);
  seen = [];
  bus.subscribe((name, payload) => seen.push({ name, payload }));
  directory = new DeviceDirectory(testScope(temp.store, 'a', ME, bus));
});
afterEach(() => temp.dispose());

const news = () => seen.filter((e) => e.name === 'omemo.devices.new').map((e) => e.payload);

describe('the device directory', () => {
  it("announces a contact's new device, not the first list nor a known device", () => {
    directory.apply(BOB, 'legacy', [{ id: 1 }]);
    // The same device on the other version's list is not new either.
    directory.apply(BOB, 'v2', [{ id: 1 }]);
    expect(news()).toEqual([]);
    expect(seen.filter((e) => e.name === 'omemo.devices.changed')).toHaveLength(2);
    directory.apply(BOB, 'v2', [{ id: 1 }, { id: 2 }]);
    expect(news()).toEqual([{ accountId: 'a', jid: BOB, version: 'omemo2', deviceIds: [2] }]);
    // Listed again: nothing changed, nothing said.
    seen.length = 0;
    directory.apply(BOB, 'v2', [{ id: 1 }, { id: 2 }]);
    expect(seen).toEqual([]);
  });

  it('raises the changed-key alert once per different key of this account only', () => {
    const key = (n: number) => new Uint8Array(32).fill(n);
    temp.store.omemoTrust.seen('a', BOB, 7, key(1), 1);
    temp.store.omemoTrust.seen('a', BOB, 7, key(2), 2);
    temp.store.omemoTrust.seen('a', BOB, 7, key(2), 3);
    const alerts = seen.filter((e) => e.name === 'omemo.key.changed').map((e) => e.payload);
    expect(alerts).toEqual([
      {
        accountId: 'a',
        jid: BOB,
        deviceId: 7,
        pinnedFingerprint: '01'.repeat(32),
        newFingerprint: '02'.repeat(32),
      },
    ]);
    temp.store.accounts.insert(newAccount('b', { jid: 'b@x', password: 'pw', resource: 'r' }));
    temp.store.omemoTrust.seen('b', BOB, 7, key(1), 1);
    temp.store.omemoTrust.seen('b', BOB, 7, key(3), 2);
    expect(seen.filter((e) => e.name === 'omemo.key.changed')).toHaveLength(1);
  });

  it('raises no alert once disposed (the account was removed)', () => {
    const key = (n: number) => new Uint8Array(32).fill(n);
    directory.dispose();
    temp.store.omemoTrust.seen('a', BOB, 7, key(1), 1);
    temp.store.omemoTrust.seen('a', BOB, 7, key(2), 2);
    expect(seen.filter((e) => e.name === 'omemo.key.changed')).toEqual([]);
  });
});
