/**
 * What OMEMO needs kept, as an interface the backend implements over the encrypted store.
 * Writes are staged: an operation reads through `OmemoStorage` and returns the writes it wants
 * as plain data; nothing changes until the caller commits them, which the backend does in the
 * same SQLite transaction as the message (a rolled-back message rolls the ratchet back with it).
 * Operations on one account must run one at a time, each committed or dropped before the next.
 */

export type OmemoNamespace = 'legacy' | 'v2';

/** One device of one bare JID. `jid` is a bare JID normalised by @xmpp/jid. */
export interface DeviceAddress {
  readonly jid: string;
  readonly deviceId: number;
}

export interface StoredIdentity {
  readonly deviceId: number;
  /** 32-byte Ed25519 seed (identity.ts derives everything else). */
  readonly seed: Uint8Array;
  /** The signed prekey the bundle currently carries. */
  readonly signedPreKeyId: number;
  /** The next prekey id to hand out; ids are never reused. */
  readonly nextPreKeyId: number;
}

export interface StoredSignedPreKey {
  readonly id: number;
  readonly privateKey: Uint8Array;
  /** 33 bytes, 0x05 ‖ key. */
  readonly publicKey: Uint8Array;
  readonly signature: Uint8Array;
  readonly createdAt: number;
}

export interface StoredPreKey {
  readonly id: number;
  readonly privateKey: Uint8Array;
  /** 33 bytes, 0x05 ‖ key. */
  readonly publicKey: Uint8Array;
  /** When a prekey message used it; kept (and still usable) until catch-up ends. */
  readonly consumedAt: number | null;
}

export type OmemoWrite =
  | { readonly kind: 'identity'; readonly identity: StoredIdentity }
  | { readonly kind: 'signedPreKey'; readonly signedPreKey: StoredSignedPreKey }
  | { readonly kind: 'preKey'; readonly preKey: StoredPreKey }
  | { readonly kind: 'preKeyConsumed'; readonly id: number; readonly at: number }
  | { readonly kind: 'preKeyDeleted'; readonly id: number }
  | {
      readonly kind: 'session';
      readonly namespace: OmemoNamespace;
      readonly address: DeviceAddress;
      /** Serialized session state; null deletes it. */
      readonly record: string | null;
    }
  | { readonly kind: 'peerIdentity'; readonly address: DeviceAddress; readonly key: Uint8Array }
  | {
      readonly kind: 'heartbeat';
      readonly namespace: OmemoNamespace;
      readonly address: DeviceAddress;
      /** The peer ratchet key we last sent a heartbeat for (at most one per key). */
      readonly ratchetKey: Uint8Array;
    };

export interface OmemoStorage {
  loadIdentity(): Promise<StoredIdentity | undefined>;
  loadSignedPreKey(id: number): Promise<StoredSignedPreKey | undefined>;
  loadPreKey(id: number): Promise<StoredPreKey | undefined>;
  listPreKeys(): Promise<StoredPreKey[]>;
  loadSession(namespace: OmemoNamespace, address: DeviceAddress): Promise<string | undefined>;
  /** The identity key (33 bytes for legacy) first seen for this device. */
  loadPeerIdentity(address: DeviceAddress): Promise<Uint8Array | undefined>;
  loadHeartbeat(namespace: OmemoNamespace, address: DeviceAddress): Promise<Uint8Array | undefined>;
  /** Applies the writes all or nothing. */
  commit(writes: readonly OmemoWrite[]): Promise<void>;
}

export const addressKey = (a: DeviceAddress): string => `${a.deviceId} ${a.jid}`;

/**
 * Reads that see the writes staged so far, so one operation reads back what it wrote (libsignal
 * loads a session it has just stored), while the underlying storage stays untouched.
 */
export class StagedStorage {
  readonly #base: OmemoStorage;
  readonly #writes: OmemoWrite[] = [];

  constructor(base: OmemoStorage) {
    this.#base = base;
  }

  stage(write: OmemoWrite): void {
    this.#writes.push(write);
  }

  /** The staged writes, later ones of the same key replacing earlier ones. */
  writes(): OmemoWrite[] {
    const byKey = new Map<string, OmemoWrite>();
    for (const w of this.#writes) {
      const key = writeKey(w);
      byKey.delete(key); // keep the order of the last write
      byKey.set(key, w);
    }
    return [...byKey.values()];
  }

  #last<K extends OmemoWrite['kind']>(
    kind: K,
    match: (w: Extract<OmemoWrite, { kind: K }>) => boolean,
  ): Extract<OmemoWrite, { kind: K }> | undefined {
    for (let i = this.#writes.length - 1; i >= 0; i--) {
      const w = this.#writes[i]!;
      if (w.kind === kind && match(w as Extract<OmemoWrite, { kind: K }>)) {
        return w as Extract<OmemoWrite, { kind: K }>;
      }
    }
    return undefined;
  }

  async loadIdentity(): Promise<StoredIdentity | undefined> {
    return this.#last('identity', () => true)?.identity ?? this.#base.loadIdentity();
  }

  async loadSignedPreKey(id: number): Promise<StoredSignedPreKey | undefined> {
    const staged = this.#last('signedPreKey', (w) => w.signedPreKey.id === id);
    return staged?.signedPreKey ?? this.#base.loadSignedPreKey(id);
  }

  /**
   * By id from the base, not from listPreKeys: a storage may list only the published prekeys,
   * and a consumed one must stay usable until the catch-up ends. One lookup also spares reading
   * every prekey for each prekey message.
   */
  async loadPreKey(id: number): Promise<StoredPreKey | undefined> {
    let preKey = await this.#base.loadPreKey(id);
    for (const w of this.#writes) {
      if (w.kind === 'preKey' && w.preKey.id === id) preKey = w.preKey;
      else if (w.kind === 'preKeyDeleted' && w.id === id) preKey = undefined;
      else if (w.kind === 'preKeyConsumed' && w.id === id && preKey?.consumedAt === null) {
        preKey = { ...preKey, consumedAt: w.at };
      }
    }
    return preKey;
  }

  async listPreKeys(): Promise<StoredPreKey[]> {
    const byId = new Map((await this.#base.listPreKeys()).map((p) => [p.id, p]));
    for (const w of this.#writes) {
      if (w.kind === 'preKey') byId.set(w.preKey.id, w.preKey);
      else if (w.kind === 'preKeyDeleted') byId.delete(w.id);
      else if (w.kind === 'preKeyConsumed') {
        const p = byId.get(w.id);
        if (p && p.consumedAt === null) byId.set(w.id, { ...p, consumedAt: w.at });
      }
    }
    return [...byId.values()].sort((a, b) => a.id - b.id);
  }

  async loadSession(namespace: OmemoNamespace, address: DeviceAddress) {
    const k = addressKey(address);
    const staged = this.#last(
      'session',
      (w) => w.namespace === namespace && addressKey(w.address) === k,
    );
    if (staged) return staged.record ?? undefined;
    return this.#base.loadSession(namespace, address);
  }

  async loadPeerIdentity(address: DeviceAddress) {
    const k = addressKey(address);
    const staged = this.#last('peerIdentity', (w) => addressKey(w.address) === k);
    return staged?.key ?? this.#base.loadPeerIdentity(address);
  }

  async loadHeartbeat(namespace: OmemoNamespace, address: DeviceAddress) {
    const k = addressKey(address);
    const staged = this.#last(
      'heartbeat',
      (w) => w.namespace === namespace && addressKey(w.address) === k,
    );
    return staged?.ratchetKey ?? this.#base.loadHeartbeat(namespace, address);
  }
}

function writeKey(w: OmemoWrite): string {
  switch (w.kind) {
    case 'identity':
      return 'identity';
    case 'signedPreKey':
      return `spk ${w.signedPreKey.id}`;
    case 'preKey':
      return `pk ${w.preKey.id}`;
    case 'preKeyConsumed':
      return `pkc ${w.id}`;
    case 'preKeyDeleted':
      return `pkd ${w.id}`;
    case 'session':
      return `s ${w.namespace} ${addressKey(w.address)}`;
    case 'peerIdentity':
      return `pi ${addressKey(w.address)}`;
    case 'heartbeat':
      return `hb ${w.namespace} ${addressKey(w.address)}`;
  }
}

/** An in-memory OmemoStorage, for tests and tools. */
export class MemoryOmemoStorage implements OmemoStorage {
  identity: StoredIdentity | undefined;
  readonly signedPreKeys = new Map<number, StoredSignedPreKey>();
  readonly preKeys = new Map<number, StoredPreKey>();
  readonly sessions = new Map<string, string>();
  readonly peerIdentities = new Map<string, Uint8Array>();
  readonly heartbeats = new Map<string, Uint8Array>();
  commits = 0;

  async loadIdentity() {
    return this.identity;
  }
  async loadSignedPreKey(id: number) {
    return this.signedPreKeys.get(id);
  }
  async loadPreKey(id: number) {
    return this.preKeys.get(id);
  }
  async listPreKeys() {
    return [...this.preKeys.values()].sort((a, b) => a.id - b.id);
  }
  async loadSession(namespace: OmemoNamespace, address: DeviceAddress) {
    return this.sessions.get(`${namespace} ${addressKey(address)}`);
  }
  async loadPeerIdentity(address: DeviceAddress) {
    return this.peerIdentities.get(addressKey(address));
  }
  async loadHeartbeat(namespace: OmemoNamespace, address: DeviceAddress) {
    return this.heartbeats.get(`${namespace} ${addressKey(address)}`);
  }

  async commit(writes: readonly OmemoWrite[]): Promise<void> {
    for (const w of writes) {
      switch (w.kind) {
        case 'identity':
          this.identity = w.identity;
          break;
        case 'signedPreKey':
          this.signedPreKeys.set(w.signedPreKey.id, w.signedPreKey);
          break;
        case 'preKey':
          this.preKeys.set(w.preKey.id, w.preKey);
          break;
        case 'preKeyConsumed': {
          const p = this.preKeys.get(w.id);
          if (p && p.consumedAt === null) this.preKeys.set(w.id, { ...p, consumedAt: w.at });
          break;
        }
        case 'preKeyDeleted':
          this.preKeys.delete(w.id);
          break;
        case 'session': {
          const key = `${w.namespace} ${addressKey(w.address)}`;
          if (w.record === null) this.sessions.delete(key);
          else this.sessions.set(key, w.record);
          break;
        }
        case 'peerIdentity':
          this.peerIdentities.set(addressKey(w.address), w.key);
          break;
        case 'heartbeat':
          this.heartbeats.set(`${w.namespace} ${addressKey(w.address)}`, w.ratchetKey);
          break;
      }
    }
    this.commits++;
  }
}
