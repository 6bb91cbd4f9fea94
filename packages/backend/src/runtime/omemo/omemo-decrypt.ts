/**
 * OMEMO decryption in the message pipeline: an asynchronous incoming transform that opens
 * messages carrying `<encrypted/>` of either version (chats, private chats, carbons, archive),
 * one at a time per account, after the dedupe by ids. What it decrypts becomes the message's
 * content; the ratchet's new state is a write that commits with the message, so a crash rolls
 * both back and the server's redelivery finds the old state. Runs whether or not the `omemo`
 * setting is on: a message not encrypted for us shows why instead of its fallback body.
 */
import {
  LegacyOmemoAccount,
  withoutDjbType,
  type DecryptResult as LegacyDecryptResult,
  type IdentityDecision,
  type Staged,
} from '@parley/omemo';
import {
  decryptEnvelope,
  edwardsToMontgomery,
  ownDevice,
  type EnvelopeDecryptResult,
  type OwnDevice,
} from '@parley/omemo/v2';
import type { OmemoTrust, OmemoVersion } from '@parley/contract';
import { omemoTrustRules } from '@parley/store';
import {
  childIn,
  keysFor,
  NS_OMEMO2,
  NS_OMEMO_LEGACY,
  parseEncryptedMessage,
  type EnvelopeHead,
  type LegacyEncrypted,
  type Omemo2Encrypted,
  type AsyncIncomingTransform,
  type TransformOutcome,
  type TransformWrite,
} from '@parley/xmpp';
import type { OmemoIdentityRecord } from '@parley/store';
import type { AccountScope } from '../account-scope.js';
import { failureOutcome, legacyBody, meaningOf, openedContent } from './omemo-decrypt-outcome.js';
import type { OmemoAccount } from './omemo-account.js';
import type { OmemoRoomSupport } from './omemo-room-support.js';
import type { FollowUp, KeyTransports } from './omemo-key-transport.js';
import { STORED } from './own-keys.js';

export class OmemoDecrypt implements AsyncIncomingTransform {
  readonly name = 'omemo decrypt';
  private legacy: LegacyOmemoAccount;
  private v2Own: OwnDevice | null = null;
  /** Group chats (set by the account runtime): who sent an encrypted room message. */
  rooms: Pick<OmemoRoomSupport, 'senderOf'> | null = null;

  constructor(
    private readonly scope: AccountScope,
    private readonly omemo: OmemoAccount,
    private readonly followUps: KeyTransports,
    private readonly now: () => number = Date.now,
  ) {
    this.legacy = new LegacyOmemoAccount(omemo.legacyStorage, scope.ownJid, now);
  }

  claims(head: EnvelopeHead): boolean {
    return (
      childIn(head.content, 'encrypted', NS_OMEMO2) !== null ||
      childIn(head.content, 'encrypted', NS_OMEMO_LEGACY) !== null
    );
  }

  async run(head: EnvelopeHead): Promise<TransformOutcome> {
    // A key transport sent after the previous message must not race this one's ratchet.
    await this.followUps.idle();
    const version: OmemoVersion = childIn(head.content, 'encrypted', NS_OMEMO2)
      ? 'omemo2'
      : 'omemo';
    const parsed = parseEncryptedMessage(head.content);
    if (head.from === null || parsed === null) return { kind: 'drop' };
    if ('rejected' in parsed) {
      return { kind: 'failed', facts: { encryption: version, decryptError: 'bad-payload' } };
    }
    // A group chat message: the sender's real JID, as the room told it (omemo-room-sender.ts).
    const sender =
      head.type === 'groupchat' ? this.rooms?.senderOf(head) : head.from.bare().toString();
    const keyTransport = parsed.payload === undefined;
    if (!sender) {
      if (keyTransport) return { kind: 'drop' };
      const decryptError = this.rooms ? 'sender-unknown' : 'room-not-supported';
      return { kind: 'failed', facts: { encryption: version, decryptError } };
    }
    const identity = this.scope.store.omemoIdentity.get(this.scope.accountId);
    const fail = (error: 'not-for-this-device') =>
      failureOutcome(version, { kind: 'failed', error }, keyTransport, parsed.sid);
    if (identity === null) return fail('not-for-this-device');
    // Our own device's message (a carbon or archive copy): our outbox has its plaintext.
    if (sender === this.scope.ownJid && parsed.sid === identity.deviceId) return { kind: 'drop' };
    if (keysFor(parsed, this.scope.ownJid, identity.deviceId).length === 0) {
      return fail('not-for-this-device');
    }
    return parsed.version === 'legacy'
      ? this.runLegacy(head, sender, parsed, identity, keyTransport)
      : this.runV2(head, sender, parsed, identity, keyTransport);
  }

  private async runLegacy(
    head: EnvelopeHead,
    sender: string,
    parsed: LegacyEncrypted,
    identity: OmemoIdentityRecord,
    keyTransport: boolean,
  ): Promise<TransformOutcome> {
    const { store, accountId } = this.scope;
    let alert: TransformWrite | undefined;
    // Checked before libsignal processes a prekey message: a key other than the pinned one is
    // refused (the message fails, nothing changes) and recorded as the device's key change.
    const accept = (decision: IdentityDecision): boolean => {
      const key = withoutDjbType(decision.identityKey);
      const pinned = decision.previous ? withoutDjbType(decision.previous) : undefined;
      if (pinned === undefined || Buffer.from(pinned).equals(key)) return true;
      const at = this.now();
      alert = () => void store.omemoTrust.seen(accountId, sender, parsed.sid, key, at);
      return false;
    };
    // A normal message with no session to open it: the sender must start a new one.
    const ownKey = parsed.keys.find((k) => k.rid === identity.deviceId);
    const address = { jid: sender, deviceId: parsed.sid };
    const session = await this.omemo.legacyStorage.loadSession('legacy', address);
    if (ownKey && !ownKey.prekey && session === undefined) {
      return failureOutcome(
        'omemo',
        { kind: 'failed', error: 'no-session' },
        keyTransport,
        parsed.sid,
      );
    }
    let staged: Staged<LegacyDecryptResult>;
    try {
      staged = await this.legacy.decrypt(sender, parsed, accept);
    } catch (error) {
      return failureOutcome('omemo', meaningOf(error), keyTransport, parsed.sid, alert);
    }
    const { result } = staged;
    let content = null;
    if (result.plaintext !== null) {
      const body = legacyBody(result.plaintext);
      if (body === null) {
        return failureOutcome('omemo', { kind: 'failed', error: 'bad-payload' }, false, parsed.sid);
      }
      content = openedContent(head.content, [body]);
    }
    const heartbeats = staged.writes.filter((w) => w.kind === 'heartbeat');
    const others = staged.writes.filter((w) => w.kind !== 'heartbeat');
    const ops = this.omemo.legacyStorage.writeOps(others);
    const trust = this.trustAtReceipt(sender, parsed.sid);
    const write: TransformWrite = () => {
      for (const op of ops) op();
      // Once per ratchet key: the store answers whether this key was answered before.
      let heartbeat = false;
      for (const w of heartbeats) {
        if (w.kind !== 'heartbeat') continue;
        heartbeat ||= store.omemoSessions.noteHeartbeat(
          accountId,
          sender,
          STORED.legacy,
          parsed.sid,
          w.ratchetKey,
          this.now(),
        );
      }
      const followUp: FollowUp = {
        version: 'omemo',
        jid: sender,
        deviceId: parsed.sid,
        preKeysConsumed: result.consumedPreKeys.length > 0,
        completeSession: result.prekey,
        heartbeat: heartbeat && result.heartbeatDue,
      };
      return () => this.followUps.after(followUp);
    };
    if (content === null) return { kind: 'drop', write };
    return {
      kind: 'replaced',
      content,
      facts: { encryption: 'omemo', senderDevice: parsed.sid, trust },
      write,
    };
  }

  private async runV2(
    head: EnvelopeHead,
    sender: string,
    parsed: Omemo2Encrypted,
    identity: OmemoIdentityRecord,
    keyTransport: boolean,
  ): Promise<TransformOutcome> {
    const { store, accountId } = this.scope;
    const own = this.ownV2(identity);
    const state = this.omemo.v2State;
    const groupchat = head.type === 'groupchat';
    let result: EnvelopeDecryptResult;
    try {
      result = decryptEnvelope(own, {
        senderJid: sender,
        // XEP-0420: a group chat message is addressed to the room.
        stanzaTo: groupchat
          ? (head.from?.bare().toString() ?? '')
          : (head.to?.bare().toString() ?? this.scope.ownJid),
        groupchat,
        message: {
          sid: parsed.sid,
          keys: parsed.keys,
          ...(parsed.payload ? { payload: parsed.payload } : {}),
        },
        session: state.session(sender, parsed.sid),
        preKeys: state.preKeys(),
      });
    } catch (error) {
      return failureOutcome('omemo2', meaningOf(error), keyTransport, parsed.sid);
    }
    // OMEMO 2 is pure: the identity check can come after decrypting, before anything is kept.
    const key = edwardsToMontgomery(result.identityKey);
    const pinned = store.omemoTrust.get(accountId, sender, parsed.sid);
    const at = this.now();
    if (pinned !== null && !Buffer.from(pinned.key).equals(key)) {
      const alert = () => void store.omemoTrust.seen(accountId, sender, parsed.sid, key, at);
      const meaning = { kind: 'failed', error: 'untrusted-key' } as const;
      return failureOutcome('omemo2', meaning, keyTransport, parsed.sid, alert);
    }
    const trust = this.trustAtReceipt(sender, parsed.sid);
    const ops = [state.putSession(sender, parsed.sid, result.session)];
    if (result.usedPreKeyId !== null) ops.push(state.consumePreKey(result.usedPreKeyId));
    const write: TransformWrite = () => {
      if (pinned === null) store.omemoTrust.seen(accountId, sender, parsed.sid, key, at);
      for (const op of ops) op();
      const followUp: FollowUp = {
        version: 'omemo2',
        jid: sender,
        deviceId: parsed.sid,
        preKeysConsumed: result.usedPreKeyId !== null,
        completeSession: result.reply === 'completion',
        heartbeat: result.reply === 'heartbeat',
      };
      return () => this.followUps.after(followUp);
    };
    if (result.envelope === null) return { kind: 'drop', write };
    return {
      kind: 'replaced',
      content: openedContent(head.content, result.envelope.content),
      facts: { encryption: 'omemo2', senderDevice: parsed.sid, trust },
      write,
    };
  }

  private ownV2(identity: OmemoIdentityRecord): OwnDevice {
    const cached = this.v2Own;
    if (
      cached?.deviceId === identity.deviceId &&
      Buffer.from(cached.identity.seed).equals(identity.seed)
    ) {
      return cached;
    }
    this.v2Own = ownDevice(this.scope.ownJid, identity.deviceId, identity.seed);
    return this.v2Own;
  }

  /**
   * The trust in the sender device as the message arrives: the pinned key's, or for a device
   * seen for the first time, what Blind Trust Before Verification gives it when it is pinned.
   */
  private trustAtReceipt(jid: string, deviceId: number): OmemoTrust {
    const { store, accountId } = this.scope;
    const pinned = store.omemoTrust.get(accountId, jid, deviceId);
    if (pinned !== null) return pinned.trust;
    return omemoTrustRules.trustForNewDevice(store.omemoTrust.contact(accountId, jid));
  }
}
