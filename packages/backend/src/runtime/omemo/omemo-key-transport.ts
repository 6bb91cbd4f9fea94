/**
 * What follows a decrypted OMEMO message once it is committed: the used prekey replaced (or
 * kept until the archive catch-up ends), and the empty "key transport" messages the protocol
 * asks for: a session completion after a prekey message (so the sender stops sending prekey
 * messages) and a heartbeat on the first message of a ratchet key at counter 53 or more.
 * Key transports never carry a body. They run one at a time, each under the account's crypto
 * lock (they move the same ratchet as decryption and encryption), and during an archive
 * catch-up they wait for its end: one per device session.
 */
import { randomUUID } from 'node:crypto';
import { LegacyOmemoAccount } from '@parley/omemo';
import { encrypt as encryptV2, ownDevice } from '@parley/omemo/v2';
import type { OmemoVersion } from '@parley/contract';
import { buildEncryptedMessageChildren, xml, type Element, type Session } from '@parley/xmpp';
import type { AccountScope } from '../account-scope.js';
import type { OmemoAccount } from './omemo-account.js';
import { warnOmemo } from './omemo-warning.js';

/** What one committed message leaves to do. */
export interface FollowUp {
  version: OmemoVersion;
  /** The sender's bare JID and device. */
  jid: string;
  deviceId: number;
  /** A prekey was used: replace it and republish the bundle (after the catch-up). */
  preKeysConsumed: boolean;
  /** A prekey message built (or repeated) the session: answer with a key transport. */
  completeSession: boolean;
  /** The heartbeat is due for this ratchet key (the first time only). */
  heartbeat: boolean;
}

/** Device sessions whose key transport waits for the catch-up's end; past it the oldest go. */
export const MAX_POSTPONED = 1_000;

export class KeyTransports {
  private tail: Promise<void> = Promise.resolve();
  /** Key transports sent, for logs and tests. */
  sent = 0;
  /**
   * During an archive catch-up: one key transport per device session, sent when it ends (what
   * python-omemo's history-sync mode and Conversations' processPostponed do). A catch-up may
   * hold many prekey messages, and messages past counter 53, from one device: one empty message
   * after all of them answers every one, with the session as the catch-up left it.
   */
  private readonly postponed = new Map<string, FollowUp>();

  constructor(
    private readonly scope: AccountScope,
    private readonly omemo: OmemoAccount,
    private readonly session: () => Session | null,
    private readonly now: () => number = Date.now,
  ) {
    omemo.onCatchUpEnd(() => this.sendPostponed());
  }

  /** Resolves once every follow-up queued so far is done (never rejects). */
  idle(): Promise<void> {
    return this.tail;
  }

  /** Queues what a committed message leaves to do (runs after the ones before it). */
  after(followUp: FollowUp): void {
    if (this.omemo.catchingUp && (followUp.completeSession || followUp.heartbeat)) {
      this.postpone(followUp);
      if (!followUp.preKeysConsumed) return;
      followUp = { ...followUp, completeSession: false, heartbeat: false };
    }
    this.tail = this.tail.then(() => this.run(followUp).catch(warnOmemo('follow-up')));
  }

  /** Key transports waiting for the catch-up's end (for tests). */
  get waiting(): number {
    return this.postponed.size;
  }

  private postpone(f: FollowUp): void {
    const key = `${f.version} ${f.deviceId} ${f.jid}`;
    const earlier = this.postponed.get(key);
    // The newest takes the place: its key transport goes out with the session as it is then.
    this.postponed.delete(key);
    this.postponed.set(key, {
      ...f,
      preKeysConsumed: false,
      completeSession: f.completeSession || (earlier?.completeSession ?? false),
      heartbeat: f.heartbeat || (earlier?.heartbeat ?? false),
    });
    if (this.postponed.size > MAX_POSTPONED) {
      this.postponed.delete(this.postponed.keys().next().value!);
    }
  }

  /** The catch-up ended: the key transports it collected, one per device session. */
  private sendPostponed(): void {
    const due = [...this.postponed.values()];
    this.postponed.clear();
    for (const f of due) this.after(f);
  }

  private async run(f: FollowUp): Promise<void> {
    const session = this.session();
    if (session === null) return;
    // Not awaited: publishing and sending wait on the network, and the next decryption waits
    // on this queue. Only the key transport's ratchet step must come before it (it does).
    if (f.preKeysConsumed) void this.omemo.preKeysConsumed(session).catch(warnOmemo('republish'));
    if (f.completeSession || f.heartbeat) {
      // Its ratchet step is read, advanced and committed with nothing else on the session.
      const stanza = await this.omemo.lock.exclusive(() => this.keyTransport(f));
      if (stanza !== null) {
        this.sent++;
        void session.send(stanza).catch(warnOmemo('key transport'));
      }
    }
  }

  /** An empty message to the device, its ratchet step committed before it is sent. */
  private async keyTransport(f: FollowUp): Promise<Element | null> {
    const { store, accountId, ownJid } = this.scope;
    const identity = store.omemoIdentity.get(accountId);
    if (identity === null) return null;
    let children: Element[];
    if (f.version === 'omemo') {
      const legacy = new LegacyOmemoAccount(this.omemo.legacyStorage, ownJid, this.now);
      const staged = await legacy.encrypt(null, [{ jid: f.jid, deviceId: f.deviceId }]);
      await this.omemo.legacyStorage.commit(staged.writes);
      const { sid, keys, iv } = staged.result.encrypted;
      children = buildEncryptedMessageChildren({ version: 'legacy', sid, keys: [...keys], iv });
    } else {
      const state = this.omemo.v2State;
      const current = state.session(f.jid, f.deviceId);
      if (current === null) return null;
      const own = ownDevice(ownJid, identity.deviceId, identity.seed);
      const out = encryptV2(own, null, [{ jid: f.jid, deviceId: f.deviceId, session: current }]);
      const next = out.sessions[0]!;
      store.transaction(() => state.putSession(f.jid, f.deviceId, next.session)());
      children = buildEncryptedMessageChildren({ version: 'v2', ...out.message });
    }
    return xml('message', { to: f.jid, type: 'chat', id: randomUUID() }, ...children);
  }
}
