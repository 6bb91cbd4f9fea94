/**
 * packages/omemo's legacy `OmemoStorage` over the store's OMEMO repositories. Reads go straight
 * to the repositories; the staged writes an operation returns become `WriteOp`s, so the caller
 * can commit a decrypt's ratchet step in the same transaction as its message.
 *
 * Where the two sides disagree, this layer adapts:
 * - keys: the storage interface holds legacy public keys in their 33-byte 0x05 form, the store
 *   keeps the raw 32 bytes (per version); the prefix is added and removed here;
 * - ids: the store hands out prekey and signed-prekey ids from its own counters; a staged key
 *   must carry the id the store gives it next, else the commit throws (and rolls back);
 * - the identity's counters are the store's (ignored when written); only the device id changes;
 * - prekeys are deleted only in bulk, once the catch-up ends (`deleteConsumed`), not one by one;
 * - heartbeats: the store answers "was this ratchet key answered already", not "the last key",
 *   so `loadHeartbeat` knows nothing and the heartbeat write's WriteOp reports whether it was new.
 */
import {
  withDjbType,
  withoutDjbType,
  type DeviceAddress,
  type OmemoNamespace,
  type OmemoStorage,
  type OmemoWrite,
  type StoredIdentity,
  type StoredPreKey,
  type StoredSignedPreKey,
} from '@parley/omemo';
import type { OmemoPrekeyRecord, OmemoSignedPrekeyRecord, Store } from '@parley/store';
import type { WriteOp } from '../write-batch.js';
import { STORED } from './own-keys.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function preKeyOf(r: OmemoPrekeyRecord): StoredPreKey {
  return { id: r.id, privateKey: r.priv, publicKey: withDjbType(r.pub), consumedAt: r.consumedAt };
}

function signedOf(r: OmemoSignedPrekeyRecord): StoredSignedPreKey {
  return {
    id: r.id,
    privateKey: r.priv,
    publicKey: withDjbType(r.pub),
    signature: r.signature,
    createdAt: r.createdAt,
  };
}

export class StoreLegacyStorage implements OmemoStorage {
  constructor(
    private readonly store: Store,
    private readonly accountId: string,
    private readonly now: () => number = Date.now,
  ) {}

  async loadIdentity(): Promise<StoredIdentity | undefined> {
    const identity = this.store.omemoIdentity.get(this.accountId);
    const signed = this.store.omemoPrekeys.currentSigned(this.accountId, 'omemo');
    if (!identity || !signed) return undefined;
    return {
      deviceId: identity.deviceId,
      seed: identity.seed,
      signedPreKeyId: signed.id,
      nextPreKeyId: identity.nextPrekeyId,
    };
  }

  async loadSignedPreKey(id: number): Promise<StoredSignedPreKey | undefined> {
    const r = this.store.omemoPrekeys.getSigned(this.accountId, 'omemo', id);
    return r ? signedOf(r) : undefined;
  }

  async loadPreKey(id: number): Promise<StoredPreKey | undefined> {
    const r = this.store.omemoPrekeys.get(this.accountId, 'omemo', id);
    return r ? preKeyOf(r) : undefined;
  }

  /** The published (unconsumed) prekeys: the store lists only those; consumed ones by id. */
  async listPreKeys(): Promise<StoredPreKey[]> {
    return this.store.omemoPrekeys.published(this.accountId, 'omemo').map(preKeyOf);
  }

  async loadSession(namespace: OmemoNamespace, a: DeviceAddress): Promise<string | undefined> {
    const r = this.store.omemoSessions.get(this.accountId, a.jid, STORED[namespace], a.deviceId);
    return r ? decoder.decode(r.record) : undefined;
  }

  async loadPeerIdentity(a: DeviceAddress): Promise<Uint8Array | undefined> {
    const r = this.store.omemoTrust.get(this.accountId, a.jid, a.deviceId);
    return r ? withDjbType(r.key) : undefined;
  }

  async loadHeartbeat(): Promise<Uint8Array | undefined> {
    return undefined;
  }

  async commit(writes: readonly OmemoWrite[]): Promise<void> {
    const ops = this.writeOps(writes);
    this.store.transaction(() => {
      for (const op of ops) op();
    });
  }

  /** The writes as store operations, to run inside one transaction (with a message's). */
  writeOps(writes: readonly OmemoWrite[]): WriteOp[] {
    return writes.map((w) => () => this.apply(w));
  }

  private apply(w: OmemoWrite): void {
    const { store, accountId } = this;
    const now = this.now();
    switch (w.kind) {
      case 'identity': {
        const current = store.omemoIdentity.get(accountId);
        if (!current) {
          store.omemoIdentity.create(accountId, w.identity, now);
        } else if (current.deviceId !== w.identity.deviceId) {
          store.omemoIdentity.setDeviceId(accountId, w.identity.deviceId);
        }
        return;
      }
      case 'signedPreKey': {
        const k = w.signedPreKey;
        const saved = store.omemoPrekeys.rotateSigned(
          accountId,
          'omemo',
          { priv: k.privateKey, pub: withoutDjbType(k.publicKey), signature: k.signature },
          now,
        );
        if (saved.id !== k.id) throw idMismatch('signed prekey', k.id, saved.id);
        return;
      }
      case 'preKey': {
        const k = w.preKey;
        const [saved] = store.omemoPrekeys.add(
          accountId,
          'omemo',
          [{ priv: k.privateKey, pub: withoutDjbType(k.publicKey) }],
          now,
        );
        if (saved!.id !== k.id) throw idMismatch('prekey', k.id, saved!.id);
        return;
      }
      case 'preKeyConsumed':
        store.omemoPrekeys.markConsumed(accountId, 'omemo', w.id, w.at);
        return;
      case 'preKeyDeleted':
        throw new Error(
          'prekeys are deleted together once the catch-up ends (omemoPrekeys.deleteConsumed)',
        );
      case 'session': {
        const { jid, deviceId } = w.address;
        if (w.record === null)
          store.omemoSessions.delete(accountId, jid, STORED[w.namespace], deviceId);
        else {
          const bytes = encoder.encode(w.record);
          store.omemoSessions.put(accountId, jid, STORED[w.namespace], deviceId, bytes, now);
        }
        return;
      }
      case 'peerIdentity':
        store.omemoTrust.seen(
          accountId,
          w.address.jid,
          w.address.deviceId,
          withoutDjbType(w.key),
          now,
        );
        return;
      case 'heartbeat':
        store.omemoSessions.noteHeartbeat(
          accountId,
          w.address.jid,
          STORED[w.namespace],
          w.address.deviceId,
          w.ratchetKey,
          now,
        );
        return;
    }
  }
}

function idMismatch(what: string, staged: number, stored: number): Error {
  return new Error(`${what} staged as ${staged} but the store gave it id ${stored}`);
}
