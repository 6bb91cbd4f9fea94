/**
 * The OMEMO outgoing transform (issue 10; OMEMO.md §3.1, §3.2, §7.3 "Outgoing"): when a one-to-one
 * conversation's lock is on, the message's text leaves only inside `<encrypted/>`, for every
 * trusted device of the peer and of our own account, each in the version it announces.
 *
 * One stanza carries both versions when the recipients need both: an `<encrypted/>` of OMEMO 2
 * for the devices on a v2 list and one of legacy OMEMO for the rest. python-omemo encrypts per
 * backend the same way (one message per namespace, each device in its best one); we put both in
 * one stanza so the message keeps one id, one archive entry and one correction target, and every
 * receiver takes the element with its key (OMEMO 2 first, as our parser and python-omemo do).
 * The legacy fallback body is for clients without OMEMO, as Conversations sends it.
 *
 * What stays in the clear, as every OMEMO client sends it: chat states, markers and receipts,
 * reactions (no body; XEP-0384 0.3 can only carry a body), the `<replace/>` of a correction
 * (its new text is encrypted, as Conversations does), and retractions (they carry no content,
 * only the id and a fixed fallback text).
 */
import { LegacyOmemoAccount, withoutDjbType } from '@parley/omemo';
import {
  buildEnvelope,
  edwardsToMontgomery,
  encrypt as encryptV2,
  ownDevice,
  startSession,
  type OwnDevice,
  type Recipient,
  type SessionRecord,
} from '@parley/omemo/v2';
import {
  buildEncrypted,
  childIn,
  jid as parseJid,
  NS_OOB,
  NS_SFS,
  OutgoingRefused,
  xml,
  type Element,
  type IqSender,
  type OmemoVersion as WireVersion,
  type OutgoingMessage,
  type OutgoingTransform,
  type Session,
} from '@parley/xmpp';
import type { AccountScope } from '../account-scope.js';
import type { WriteOp } from '../write-batch.js';
import type { FetchedBundle } from './device-directory.js';
import type { OmemoAccount } from './omemo-account.js';
import type { OmemoChoice } from './omemo-choice.js';
import { carriesContent, encryptedStanza } from './omemo-encrypt-stanza.js';
import {
  candidates,
  noRecipientReason,
  STALE_AFTER_UNANSWERED,
  verdict,
  withoutStale,
  type Candidate,
} from './omemo-recipients.js';
import { memberCandidates, roomRefusal, ROOMS_UNAVAILABLE } from './omemo-room-recipients.js';
import type { OmemoRoomSupport } from './omemo-room-support.js';
import { STORED } from './own-keys.js';

const NS_CLIENT = 'jabber:client';

/**
 * A device checked outside the crypto lock (trust, bundle fetched when there is no session):
 * encrypt to it in this version, building its session from `bundle` if it still has none.
 */
type Ready =
  FetchedBundle | { version: WireVersion; bundle: null } | { kind: 'skip'; reason: string };

interface Skipped {
  candidate: Candidate;
  reason: string;
}

export class OmemoEncrypt {
  /** Our messages are encrypted one at a time, in the order they were sent. */
  private chain: Promise<unknown> = Promise.resolve();
  private legacyAccount: LegacyOmemoAccount | null = null;
  /** Group chats (set by the account runtime): eligibility and members. */
  rooms: OmemoRoomSupport | null = null;

  constructor(
    private readonly scope: AccountScope,
    private readonly omemo: OmemoAccount,
    private readonly choice: OmemoChoice,
    /** The account's online session, for device lists and bundles. */
    private readonly session: () => Session | null,
    private readonly now: () => number = Date.now,
  ) {}

  readonly transform: OutgoingTransform = (stanza, message) => {
    if (!this.choice.enabled || !carriesContent(stanza)) return stanza;
    const peer = peerOf(message);
    const room = message.kind !== 'chat';
    const session = this.session();
    // Nothing chosen yet: the first message decides the default, once the peer's lists are known.
    if (!room && session && !this.choice.chosen(peer)) {
      const send: IqSender = (iq) => session.iq(iq);
      return this.omemo.devices
        .devicesOf(send, peer)
        .catch(() => null)
        .then(() => this.afterChoice(stanza, message, peer, room));
    }
    return this.afterChoice(stanza, message, peer, room);
  };

  private afterChoice(
    stanza: Element,
    message: OutgoingMessage,
    peer: string,
    room: boolean,
  ): Element | Promise<Element> {
    if (this.choice.decide(peer, room).encryption !== 'omemo') return stanza;
    if (room) {
      const refusal = this.rooms ? this.rooms.refusal(message.kind, peer) : ROOMS_UNAVAILABLE;
      if (refusal !== null) throw new OutgoingRefused(refusal);
    }
    // Files under the lock go as an encrypted aesgcm:// body alone (runtime/files). A file's
    // plaintext OOB/XEP-0447 here was uploaded unencrypted before the lock was turned on:
    // encrypting only the body would still publish the URL beside it, so it is not sent.
    if (childIn(stanza, 'x', NS_OOB) || childIn(stanza, 'file-sharing', NS_SFS)) {
      throw new OutgoingRefused({ id: 'omemo.not-sent-file-unencrypted' });
    }
    const run = this.chain.then(() => this.encryptStanza(stanza, message, peer, room));
    this.chain = run.catch(() => {});
    return run;
  }

  private get legacy(): LegacyOmemoAccount {
    this.legacyAccount ??= new LegacyOmemoAccount(this.omemo.legacyStorage, this.scope.ownJid);
    return this.legacyAccount;
  }

  private async encryptStanza(
    stanza: Element,
    message: OutgoingMessage,
    peer: string,
    room = false,
  ): Promise<Element> {
    const session = this.session();
    if (!session) throw new OutgoingRefused({ id: 'omemo.not-sent-offline' });
    const send: IqSender = (iq) => session.iq(iq);
    const { ownJid } = this.scope;
    const identity = this.omemo.identity();
    const me = ownDevice(ownJid, identity.deviceId, identity.seed);
    // A room: every member (omemo-room-recipients.ts); a chat: the peer. Both with our devices.
    const members = room ? await this.rooms!.recipients(send, peer, this.omemo.devices) : null;
    const targets = members ? members.map((m) => m.jid) : [peer];
    const ownLists = await this.omemo.devices.devicesOf(send, ownJid);
    const own = { jid: ownJid, lists: ownLists, deviceId: identity.deviceId };
    const all = members
      ? memberCandidates(members, own)
      : candidates(
          {
            jid: peer,
            lists: peer === ownJid ? ownLists : await this.omemo.devices.devicesOf(send, peer),
          },
          own,
        );
    // Network first (bundles of devices without a session), outside the lock.
    const skipped: Skipped[] = [];
    const ready: Array<{ candidate: Candidate; ready: Exclude<Ready, { kind: 'skip' }> }> = [];
    for (const candidate of all) {
      try {
        const r = await this.prepare(send, candidate);
        if ('kind' in r) skipped.push({ candidate, reason: r.reason });
        else ready.push({ candidate, ready: r });
      } catch (error) {
        skipped.push({ candidate, reason: `failed: ${String(error)}`.slice(0, 200) });
      }
    }
    // Devices that stopped answering are left out while their JID has live ones.
    const { store, accountId } = this.scope;
    const { kept, stale } = withoutStale(ready, ({ candidate: c }) => ({
      jid: c.jid,
      sentUnanswered:
        store.omemoDevices.get(accountId, c.jid, STORED[c.version], c.deviceId)?.sentUnanswered ??
        0,
    }));
    for (const { candidate } of stale) {
      skipped.push({
        candidate,
        reason: `stale (no answer to ${STALE_AFTER_UNANSWERED} messages)`,
      });
    }
    // Sessions read, advanced and committed with nothing else on them (crypto-lock.ts).
    return this.omemo.lock.exclusive(() =>
      this.encryptLocked(stanza, message, { peer, room, targets }, me, kept, skipped),
    );
  }

  private async encryptLocked(
    stanza: Element,
    message: OutgoingMessage,
    /** The conversation, and who in it must be able to read the message (every member). */
    { peer, room, targets }: { peer: string; room: boolean; targets: readonly string[] },
    me: OwnDevice,
    ready: ReadonlyArray<{ candidate: Candidate; ready: Exclude<Ready, { kind: 'skip' }> }>,
    skipped: Skipped[],
  ): Promise<Element> {
    const { ownJid } = this.scope;
    const legacyTo: Candidate[] = [];
    const v2To: Recipient[] = [];
    for (const { candidate, ready: r } of ready) {
      try {
        const session = await this.sessionFor(candidate, r, me);
        if (session === null) skipped.push({ candidate, reason: 'no session' });
        else if (session === 'legacy') legacyTo.push(candidate);
        else v2To.push({ jid: candidate.jid, deviceId: candidate.deviceId, session });
      } catch (error) {
        skipped.push({ candidate, reason: `failed: ${String(error)}`.slice(0, 200) });
      }
    }
    const text = stanza.getChildText('body') ?? '';
    const elements: Element[] = [];
    const ops: WriteOp[] = [];
    const sentTo: Candidate[] = [];
    if (v2To.length > 0) {
      const envelope = buildEnvelope({
        content: [xml('body', { xmlns: NS_CLIENT }, text)],
        from: ownJid,
        to: peer,
      });
      const out = encryptV2(me, new TextEncoder().encode(envelope), v2To);
      elements.push(buildEncrypted({ version: 'v2', ...out.message }));
      for (const r of out.sessions) {
        ops.push(this.omemo.v2State.putSession(r.jid, r.deviceId, r.session));
        sentTo.push({ jid: r.jid, deviceId: r.deviceId, version: 'v2' });
      }
    }
    if (legacyTo.length > 0) {
      const out = await this.legacy.encrypt(text, legacyTo).catch(() => null);
      if (out) {
        const { sid, keys, iv, payload } = out.result.encrypted;
        elements.push(
          buildEncrypted({
            version: 'legacy',
            sid,
            keys: [...keys],
            iv,
            ...(payload ? { payload } : {}),
          }),
        );
        ops.push(...this.omemo.legacyStorage.writeOps(out.writes));
        const failed = new Set(
          out.result.failures.map((f) => `${f.device.deviceId} ${f.device.jid}`),
        );
        for (const c of legacyTo) {
          if (failed.has(`${c.deviceId} ${c.jid}`))
            skipped.push({ candidate: c, reason: 'session broken' });
          else sentTo.push(c);
        }
      } else {
        for (const c of legacyTo) skipped.push({ candidate: c, reason: 'session broken' });
      }
    }
    // The peer (every member) must be able to read it: keys for our other devices do not count.
    const unreached = targets.filter((jid) => !sentTo.some((c) => c.jid === jid));
    if (unreached.length > 0) {
      throw new OutgoingRefused(
        room ? roomRefusal(unreached, skipped) : noRecipientReason(skipped, peer),
      );
    }
    this.commit(
      message,
      ops,
      sentTo,
      legacyTo.length > 0 && sentTo.some((c) => c.version === 'legacy'),
    );
    return encryptedStanza(stanza, elements, sentTo);
  }

  /**
   * Checks one device before the lock: its key pinned and trusted, its bundle fetched when it
   * has no session yet. Answers the version (with the bundle to build from) or why not.
   */
  private async prepare(send: IqSender, c: Candidate): Promise<Ready> {
    const { store, accountId } = this.scope;
    const pinned = store.omemoTrust.get(accountId, c.jid, c.deviceId);
    let known = pinned && { trust: pinned.trust, keyChanged: pinned.conflictingKey !== null };
    const early = verdict(known);
    if (early.kind === 'skip') return early;
    const existing = this.hasSession(c);
    if (existing && early.kind === 'encrypt') return { version: c.version, bundle: null };
    const fetched = await this.omemo.devices.bundleOf(send, c.jid, c.deviceId, c.version);
    if (!fetched) return { kind: 'skip', reason: 'no usable bundle' };
    const key =
      fetched.version === 'legacy'
        ? withoutDjbType(fetched.bundle.identityKey)
        : edwardsToMontgomery(fetched.bundle.ik);
    // Pinning the key is where Blind Trust Before Verification decides about a new device.
    const sighting = store.omemoTrust.seen(accountId, c.jid, c.deviceId, key, this.now());
    if (sighting.kind === 'key-changed')
      return { kind: 'skip', reason: 'its identity key changed' };
    known = { trust: sighting.trust, keyChanged: false };
    const later = verdict(known);
    if (later.kind === 'skip') return later;
    if (later.kind === 'needs-key') return { kind: 'skip', reason: 'no identity key' };
    return fetched;
  }

  /**
   * Under the lock: the device's session as stored now ('legacy': the library reads it itself;
   * OMEMO 2: the record to encrypt with), built from the fetched bundle when there is none.
   */
  private async sessionFor(
    c: Candidate,
    r: Exclude<Ready, { kind: 'skip' }>,
    me: OwnDevice,
  ): Promise<'legacy' | SessionRecord | null> {
    if (c.version === 'v2') {
      const stored = this.omemo.v2State.session(c.jid, c.deviceId);
      if (stored) return stored;
      return r.version === 'v2' && r.bundle ? startSession(me, r.bundle) : null;
    }
    if (this.hasSession(c)) return 'legacy';
    if (r.version !== 'legacy' || !r.bundle) return null;
    // A session without a message yet is harmless to keep: stored now, used by encrypt().
    const built = await this.legacy.buildSession(c, r.bundle);
    await this.omemo.legacyStorage.commit(built.writes);
    return 'legacy';
  }

  private hasSession(c: Candidate): boolean {
    const { store, accountId } = this.scope;
    return store.omemoSessions.get(accountId, c.jid, STORED[c.version], c.deviceId) !== null;
  }

  /** The ratchet steps, the devices' sent counters and the message's lock, in one transaction. */
  private commit(message: OutgoingMessage, ops: WriteOp[], sentTo: Candidate[], legacy: boolean) {
    const { store, accountId, bus } = this.scope;
    const about = message.about;
    // Only the stored message itself is marked, not the message a correction is about.
    const own = about !== undefined && message.id === about.messageId ? about.messageId : null;
    store.transaction(() => {
      for (const op of ops) op();
      for (const c of sentTo)
        store.omemoDevices.noteSent(accountId, c.jid, STORED[c.version], [c.deviceId]);
      if (own) store.messages.setEncryption(accountId, own, legacy ? 'omemo' : 'omemo2');
    });
    const updated = own ? store.messages.get(accountId, own) : null;
    if (updated) bus.emit('message.updated', updated);
  }
}

function peerOf(message: OutgoingMessage): string {
  if (message.about) return message.about.peer;
  // A private message through a room is its own conversation (room/nick), not the room's.
  const to = parseJid(message.to);
  return message.kind === 'private' ? to.toString() : to.bare().toString();
}
