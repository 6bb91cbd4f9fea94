/**
 * OMEMO 2's state over the store: packages/omemo/v2 is pure (it takes our key pairs and the
 * session record, and returns the new record and the prekey it used), so this is the lookup it
 * is given and the writes its results become, as `WriteOp`s for the message's transaction.
 */
import {
  parseSession,
  serializeSession,
  type OwnPreKeys,
  type SessionRecord,
} from '@parley/omemo/v2';
import type { Store } from '@parley/store';
import type { WriteOp } from '../write-batch.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class StoreV2State {
  constructor(
    private readonly store: Store,
    private readonly accountId: string,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Our signed prekeys and prekeys by id. A consumed prekey still answers (a second sender may
   * have used it during the catch-up), and so does a retired signed prekey until it is pruned.
   */
  preKeys(): OwnPreKeys {
    const { store, accountId } = this;
    return {
      signedPreKey: (id) => {
        const r = store.omemoPrekeys.getSigned(accountId, 'omemo2', id);
        return r ? { priv: r.priv, pub: r.pub } : undefined;
      },
      preKey: (id) => {
        const r = store.omemoPrekeys.get(accountId, 'omemo2', id);
        return r ? { priv: r.priv, pub: r.pub } : undefined;
      },
    };
  }

  session(jid: string, deviceId: number): SessionRecord | null {
    const r = this.store.omemoSessions.get(this.accountId, jid, 'omemo2', deviceId);
    return r ? parseSession(decoder.decode(r.record)) : null;
  }

  /** Stores a session (after an encrypt or a decrypt), with the message it belongs to. */
  putSession(jid: string, deviceId: number, record: SessionRecord): WriteOp {
    const bytes = encoder.encode(serializeSession(record));
    return () => {
      this.store.omemoSessions.put(this.accountId, jid, 'omemo2', deviceId, bytes, this.now());
    };
  }

  /** Takes a prekey a key exchange used off the bundle (deleted when the catch-up ends). */
  consumePreKey(id: number): WriteOp {
    return () => {
      this.store.omemoPrekeys.markConsumed(this.accountId, 'omemo2', id, this.now());
    };
  }
}
