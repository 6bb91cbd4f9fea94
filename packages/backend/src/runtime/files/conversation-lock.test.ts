import type { ConversationEncryption } from '@parley/contract';
import type { Session } from '@parley/xmpp';
import { describe, expect, it } from 'vitest';
import { filesGoEncrypted, type ConversationLock } from './conversation-lock.js';

/** A lock as OmemoChoice keeps it: a stored choice, or the default once devices are known. */
function lockWith(options: {
  enabled?: boolean;
  chosen?: ConversationEncryption | null;
  devicesAfterFetch?: boolean;
  fetchFails?: boolean;
  online?: boolean;
}) {
  const calls = { fetched: [] as string[], decided: [] as Array<[string, boolean]> };
  let hasDevices = false;
  let chosen = options.chosen ?? null;
  const online = options.online ?? true;
  const lock: ConversationLock = {
    lock: {
      enabled: options.enabled ?? true,
      chosen: () => chosen !== null,
      decide: (peer, room = false) => {
        calls.decided.push([peer, room]);
        if (chosen === null && hasDevices && !room) chosen = 'omemo';
        return { encryption: chosen ?? 'off' };
      },
    },
    devices: {
      devicesOf: async (_send, jid) => {
        calls.fetched.push(jid);
        if (options.fetchFails) throw new Error('remote-server-timeout');
        hasDevices = options.devicesAfterFetch ?? false;
        return {};
      },
    },
    online: () => (online ? ({ iq: async () => null } as unknown as Session) : null),
  };
  return { lock, calls };
}

describe('filesGoEncrypted: the conversation lock decides a file upload', () => {
  it('the lock on: encrypted; off: not', async () => {
    expect(await filesGoEncrypted(lockWith({ chosen: 'omemo' }).lock, 'a@x', false)).toBe(true);
    expect(await filesGoEncrypted(lockWith({ chosen: 'off' }).lock, 'a@x', false)).toBe(false);
  });

  it('the OMEMO setting off: never encrypted, nothing asked', async () => {
    const { lock, calls } = lockWith({ enabled: false, chosen: 'omemo' });
    expect(await filesGoEncrypted(lock, 'a@x', false)).toBe(false);
    expect(calls).toEqual({ fetched: [], decided: [] });
  });

  it('nothing chosen: the device lists are learnt first, so the default decides as for text', async () => {
    const { lock, calls } = lockWith({ devicesAfterFetch: true });
    expect(await filesGoEncrypted(lock, 'a@x', false)).toBe(true);
    expect(calls.fetched).toEqual(['a@x']);
  });

  it('already chosen: no fetch', async () => {
    const { lock, calls } = lockWith({ chosen: 'off', devicesAfterFetch: true });
    expect(await filesGoEncrypted(lock, 'a@x', false)).toBe(false);
    expect(calls.fetched).toEqual([]);
  });

  it('a failed fetch or no connection leaves what is known', async () => {
    const failed = lockWith({ fetchFails: true });
    expect(await filesGoEncrypted(failed.lock, 'a@x', false)).toBe(false);
    const offline = lockWith({ online: false, chosen: 'omemo' });
    expect(await filesGoEncrypted(offline.lock, 'a@x', false)).toBe(true);
    expect(offline.calls.fetched).toEqual([]);
  });

  it('a room: its lock as chosen, never a fetch for a room address', async () => {
    const { lock, calls } = lockWith({ chosen: 'omemo' });
    expect(await filesGoEncrypted(lock, 'room@muc.x', true)).toBe(true);
    expect(calls.fetched).toEqual([]);
    expect(calls.decided).toEqual([['room@muc.x', true]]);
  });
});
