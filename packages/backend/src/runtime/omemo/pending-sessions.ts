/**
 * The session states decryptions produced that are not committed yet. An archive page decrypts
 * all its items before it commits them together, so without this the second message from a
 * device is decrypted from the state before the first: the first one's message key stays in the
 * session as "skipped" (a replay of it would open again), and a long catch-up fills every
 * session with up to 1,000 such keys that are read and rewritten on every message.
 *
 * Valid only while decryptions hold the crypto lock together: the caller clears it when the last
 * of them lets go (their writes are committed or given up, and the store is the truth again).
 */
import type {
  DeviceAddress,
  OmemoNamespace,
  OmemoStorage,
  OmemoWrite,
  StoredIdentity,
  StoredPreKey,
  StoredSignedPreKey,
} from '@parley/omemo';
import type { SessionRecord } from '@parley/omemo/v2';

const key = (jid: string, deviceId: number) => `${deviceId} ${jid}`;

export class PendingSessions {
  /** Legacy: the serialized record (null: deleted); by device. */
  private readonly legacy = new Map<string, string | null>();
  private readonly legacyIdentities = new Map<string, Uint8Array>();
  private readonly v2 = new Map<string, SessionRecord>();

  /** Legacy storage whose reads see the pending writes first. */
  readonly storage: OmemoStorage;

  constructor(base: OmemoStorage) {
    this.storage = {
      loadIdentity: (): Promise<StoredIdentity | undefined> => base.loadIdentity(),
      loadSignedPreKey: (id: number): Promise<StoredSignedPreKey | undefined> =>
        base.loadSignedPreKey(id),
      loadPreKey: (id: number): Promise<StoredPreKey | undefined> => base.loadPreKey(id),
      listPreKeys: () => base.listPreKeys(),
      loadSession: async (namespace: OmemoNamespace, a: DeviceAddress) => {
        const k = key(a.jid, a.deviceId);
        if (namespace === 'legacy' && this.legacy.has(k)) return this.legacy.get(k) ?? undefined;
        return base.loadSession(namespace, a);
      },
      loadPeerIdentity: async (a: DeviceAddress) =>
        this.legacyIdentities.get(key(a.jid, a.deviceId)) ?? base.loadPeerIdentity(a),
      loadHeartbeat: (namespace, a) => base.loadHeartbeat(namespace, a),
      commit: (writes) => base.commit(writes),
    };
  }

  /** What a legacy decryption staged: its session and the identity it pinned. */
  noteLegacy(writes: readonly OmemoWrite[]): void {
    for (const w of writes) {
      if (w.kind === 'session' && w.namespace === 'legacy') {
        this.legacy.set(key(w.address.jid, w.address.deviceId), w.record);
      } else if (w.kind === 'peerIdentity') {
        this.legacyIdentities.set(key(w.address.jid, w.address.deviceId), w.key);
      }
    }
  }

  noteV2(jid: string, deviceId: number, session: SessionRecord): void {
    this.v2.set(key(jid, deviceId), session);
  }

  /** The OMEMO 2 session a pending decryption left, or undefined (then the store's). */
  v2Session(jid: string, deviceId: number): SessionRecord | undefined {
    return this.v2.get(key(jid, deviceId));
  }

  clear(): void {
    this.legacy.clear();
    this.legacyIdentities.clear();
    this.v2.clear();
  }
}
