// XEP-0353 messages coming in (live, carbons, and young ones from the archive catch-up): who
// may ring us, what our other devices did, what the other side said. Every message is checked
// against the call it names: its sid, the peer's bare JID, and once a device is in the call,
// that device's full JID.
import {
  buildJmi,
  hasJmi,
  jid,
  parseJmi,
  proceedDevice,
  proposeWins,
  sameBare,
  type IncomingMessage,
  type JID,
  type JmiMessage,
  type Session,
} from '@parley/xmpp';
import type { Call } from '@parley/contract';
import {
  CONNECTING_MS,
  MAX_CALLS,
  RINGING_MS,
  endReasonOf,
  mayCall,
  newEntry,
} from './call-entry.js';
import type { CallService } from './call-service.js';
import type { CallTimeline } from './call-timeline.js';

export class JmiInbox {
  constructor(
    private readonly service: CallService,
    private readonly timeline: CallTimeline,
    private readonly online: () => Session | null,
  ) {}

  /**
   * An archived JMI message (catch-up) the live service takes: one for a call under way, or a
   * propose younger than a minute that no row shows yet (the caller may still be ringing).
   * False leaves it to the timeline.
   */
  adopt(from: JID | null, jmi: JmiMessage, stamp: number | null): boolean {
    const session = this.online();
    if (!session || !from) return false;
    const live = this.service.calls.has(jmi.sid);
    if (sameBare(from, this.service.own)) {
      // Our own device's messages: what this very device sent is nothing new.
      if (live && from.toString() !== session.jid) this.fromOtherDevice(jmi);
      return live;
    }
    if (live) {
      this.fromPeer(session, from, jmi, stamp);
      return true;
    }
    const { store, accountId } = this.service.scope;
    const young = stamp !== null && Date.now() - stamp <= RINGING_MS;
    if (jmi.action !== 'propose' || !young || store.callLog.find(accountId, jmi.sid)) return false;
    this.proposed(session, from, jmi, stamp);
    return this.service.calls.has(jmi.sid);
  }

  handleMessage(session: Session, message: IncomingMessage): boolean {
    const envelope = message.envelope;
    if (!envelope || envelope.origin.kind === 'archive' || !hasJmi(envelope.content)) return false;
    // Forged carbons and malformed JMI are consumed: they are no chat message either.
    const jmi = parseJmi(envelope.content);
    const from = envelope.from;
    if (message.rejected || !jmi || !from) return true;
    if (envelope.type === 'error') {
      this.bounced(from, jmi);
      return true;
    }
    if (sameBare(from, this.service.own)) {
      // Our own message as the server echoes it to our bare JID: nothing new.
      if (from.toString() !== session.jid) this.fromOtherDevice(jmi);
      return true;
    }
    const delay = envelope.parts.delay?.stamp ?? null;
    this.fromPeer(session, from, jmi, delay, proceedDevice(envelope.content));
    return true;
  }

  /** Our propose came back as an error (no such account, blocked): no one will answer. */
  private bounced(from: JID, jmi: JmiMessage): void {
    const entry = this.service.calls.get(jmi.sid);
    const { call } = entry ?? {};
    if (!entry || !call || jmi.action !== 'propose' || call.state !== 'ringing') return;
    if (sameBare(from, jid(call.peer))) this.service.finish(entry, 'gone');
  }

  /** Our other device answered or declined a call that rings here too. */
  private fromOtherDevice(jmi: JmiMessage): void {
    const entry = this.service.calls.get(jmi.sid);
    if (!entry || entry.call.state !== 'incoming') return;
    if (jmi.action === 'proceed' || jmi.action === 'accept')
      this.service.finish(entry, 'answered-elsewhere');
    if (jmi.action === 'reject') this.service.finish(entry, 'declined-elsewhere');
  }

  private fromPeer(
    session: Session,
    from: JID,
    jmi: JmiMessage,
    delay: number | null,
    omemoDevice: number | null = null,
  ): void {
    if (jmi.action === 'propose') {
      this.proposed(session, from, jmi, delay);
      return;
    }
    const entry = this.service.calls.get(jmi.sid);
    if (!entry || !sameBare(from, jid(entry.call.peer))) return;
    const { call } = entry;
    // Once a device is in the call, only that device speaks for the other side.
    const fromDevice = entry.device?.equals(from) ?? false;
    if (jmi.action === 'proceed' && call.direction === 'out' && call.state === 'ringing') {
      entry.device = from;
      // The callee asks for its fingerprint sealed to this OMEMO device (call-verification.ts).
      entry.omemoDevice = omemoDevice;
      this.service.update(entry, { state: 'connecting' });
      this.service.arm(entry, CONNECTING_MS, () => void this.service.hangUp(entry, 'timeout'));
    } else if (jmi.action === 'reject' && call.direction === 'out' && call.state === 'ringing') {
      // Lost a tie-break: their propose, crossing ours, rings here instead (no row for ours).
      if (jmi.tieBreak) this.service.finish(entry, 'cancelled', { log: false });
      else this.service.finish(entry, endReasonOf(jmi.reason?.condition, 'declined'));
    } else if (jmi.action === 'retract' && call.direction === 'in' && fromDevice) {
      const reason = call.state === 'incoming' ? 'missed' : 'cancelled';
      // Withdrawn for our crossing propose: no missed call to show for it.
      this.service.finish(entry, reason, { log: !jmi.tieBreak });
    } else if (jmi.action === 'finish' && fromDevice) {
      this.service.finish(entry, endReasonOf(jmi.reason?.condition, 'hangup'));
    }
  }

  /**
   * XEP-0353 §8.1: a propose from the very contact our own propose is ringing. The lower session
   * id wins: theirs, and ours is retracted (and leaves no trace here) before theirs rings; or
   * ours, and theirs is rejected. Both say tie-break, with the reason <expired/>. True when
   * their propose is settled here (rejected).
   */
  private tieBreak(session: Session, from: JID, jmi: JmiMessage): boolean {
    const ours = [...this.service.calls.values()].find(
      (e) =>
        e.call.direction === 'out' &&
        e.call.state === 'ringing' &&
        sameBare(from, jid(e.call.peer)),
    );
    if (!ours) return false;
    const peer = `${from.local}@${from.domain}`;
    const send = (el: Parameters<Session['send']>[0]) => void session.send(el).catch(() => {});
    const settle = { reason: 'expired', tieBreak: true } as const;
    if (proposeWins(ours.call.id, jmi.sid, this.service.scope.ownJid, peer)) {
      send(buildJmi(from, 'reject', jmi.sid, settle));
      return true;
    }
    this.service.finish(ours, 'cancelled', { log: false });
    send(buildJmi(peer, 'retract', ours.call.id, settle));
    return false;
  }

  private proposed(session: Session, from: JID, jmi: JmiMessage, delay: number | null): void {
    if (this.service.calls.has(jmi.sid)) return;
    const peer = `${from.local}@${from.domain}`;
    // Only people who may see our presence can ring us; others are not told we exist.
    if (!mayCall(this.service.scope, peer)) return;
    const now = Date.now();
    // Kept offline by the server and handed over late: the caller gave up long ago.
    if (delay !== null && now - delay > RINGING_MS) {
      this.timeline.missed(peer, jmi.sid, jmi.media, delay);
      return;
    }
    if (this.tieBreak(session, from, jmi)) return;
    if (this.service.list().length > 0 || this.service.calls.size >= MAX_CALLS) {
      void session.send(buildJmi(from, 'reject', jmi.sid, { reason: 'busy' })).catch(() => {});
      return;
    }
    const call: Call = {
      accountId: this.service.scope.accountId,
      id: jmi.sid,
      peer,
      peerDevice: from.toString(),
      direction: 'in',
      media: jmi.media,
      state: 'incoming',
      endReason: null,
      startedAt: delay ?? now,
      connectedAt: null,
      endedAt: null,
      verified: false,
    };
    const entry = newEntry(call, from);
    this.service.calls.set(call.id, entry);
    this.service.arm(entry, RINGING_MS, () => this.service.finish(entry, 'missed'));
    this.service.changed(entry);
    void session.send(buildJmi(from, 'ringing', jmi.sid)).catch(() => {});
  }
}
