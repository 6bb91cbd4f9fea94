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
  type OutgoingMessage,
  type OutgoingTransform,
  type Session,
} from '@parley/xmpp';
import type { AccountScope } from '../account-scope.js';
import type { WriteOp } from '../write-batch.js';
import type { OmemoAccount } from './omemo-account.js';
import type { OmemoChoice } from './omemo-choice.js';
import { carriesContent, encryptedStanza } from './omemo-encrypt-stanza.js';
import { candidates, noRecipientReason, verdict, type Candidate } from './omemo-recipients.js';
import { memberCandidates, roomRefusal, ROOMS_UNAVAILABLE } from './omemo-room-recipients.js';
import type { OmemoRoomSupport } from './omemo-room-support.js';
import { STORED } from './own-keys.js';

const NS_CLIENT = 'jabber:client';

type Ready =
  { kind: 'legacy' } | { kind: 'v2'; session: SessionRecord } | { kind: 'skip'; reason: string };

interface Skipped {
  candidate: Candidate;
  reason: string;
}

export class OmemoEncrypt {
  /** One encryption at a time per account: the sessions are read, advanced and written. */
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
      throw new OutgoingRefused(
        'Not sent: this file was uploaded unencrypted before the lock was turned on. Send the file again to upload it encrypted, or turn the lock off to send it as it is.',
      );
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
    if (!session) throw new OutgoingRefused('Not sent: the account is offline.');
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
    const skipped: Skipped[] = [];
    const legacyTo: Candidate[] = [];
    const v2To: Recipient[] = [];
    for (const candidate of all) {
      try {
        const ready = await this.prepare(send, candidate, me);
        if (ready.kind === 'skip') skipped.push({ candidate, reason: ready.reason });
        else if (ready.kind === 'legacy') legacyTo.push(candidate);
        else
          v2To.push({ jid: candidate.jid, deviceId: candidate.deviceId, session: ready.session });
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
   * Makes one device ready: its session (built from its bundle when there is none), after its
   * key is pinned and trusted. Answers 'legacy', the v2 session to encrypt with, or why not.
   */
  private async prepare(send: IqSender, c: Candidate, me: OwnDevice): Promise<Ready> {
    const { store, accountId } = this.scope;
    const pinned = store.omemoTrust.get(accountId, c.jid, c.deviceId);
    let known = pinned && { trust: pinned.trust, keyChanged: pinned.conflictingKey !== null };
    const early = verdict(known);
    if (early.kind === 'skip') return early;
    const existing = this.storedSession(c);
    if (existing && early.kind === 'encrypt') return existing;
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
    if (existing) return existing;
    if (fetched.version === 'v2') return { kind: 'v2', session: startSession(me, fetched.bundle) };
    // A session without a message yet is harmless to keep: stored now, used by encrypt().
    const built = await this.legacy.buildSession(c, fetched.bundle);
    await this.omemo.legacyStorage.commit(built.writes);
    return { kind: 'legacy' };
  }

  /** A stored session: a v2 record to encrypt with, or (legacy) one the library reads itself. */
  private storedSession(c: Candidate): Ready | null {
    if (c.version === 'v2') {
      const session = this.omemo.v2State.session(c.jid, c.deviceId);
      return session ? { kind: 'v2', session } : null;
    }
    const { store, accountId } = this.scope;
    const stored = store.omemoSessions.get(accountId, c.jid, STORED.legacy, c.deviceId);
    return stored ? { kind: 'legacy' } : null;
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
