// The call signalling of one account: XEP-0353 to ring and answer, XEP-0166 Jingle (see
// jingle-peer.ts) to exchange the renderer's descriptions and candidates. The renderer owns the
// WebRTC session; this service only checks, relays and keeps the call's state.
import type { Call, CallEndReason, CallMedia } from '@parley/contract';
import {
  buildJmi,
  hasJmi,
  jid,
  newId,
  parseJid,
  parseJmi,
  sameBare,
  type IncomingMessage,
  type JID,
  type JmiMessage,
  type Session,
} from '@parley/xmpp';
import type { AccountScope } from '../account-scope.js';
import type { StanzaRouter } from '../stanza-router.js';
import {
  CONNECTING_MS,
  MAX_CALLS,
  RINGING_MS,
  endReasonOf,
  isLive,
  jingleReasonOf,
  newEntry,
  type CallEntry,
} from './call-entry.js';
import { CallError } from './call-error.js';
import type { CallTimeline } from './call-timeline.js';
import { JinglePeer } from './jingle-peer.js';

/** Between presence (70) and one-to-one messages (10): JMI messages are no chat messages. */
export const CALLS_PRIORITY = 20;

export class CallService {
  readonly calls = new Map<string, CallEntry>();
  readonly own: JID;
  readonly jingle: JinglePeer;

  constructor(
    readonly scope: AccountScope,
    private readonly online: () => Session | null,
    private readonly timeline: CallTimeline,
  ) {
    this.own = jid(scope.ownJid);
    this.jingle = new JinglePeer(this);
    timeline.isLive = (sid) => this.calls.has(sid);
  }

  register(router: StanzaRouter): void {
    router.register({
      name: 'jingle-message',
      kind: 'message',
      priority: CALLS_PRIORITY,
      handle: (session, message) => this.handleMessage(session, message),
    });
    this.jingle.register(router);
  }

  list(): Call[] {
    return [...this.calls.values()].filter(isLive).map((e) => ({ ...e.call }));
  }

  session(): Session {
    const session = this.online();
    if (!session) throw new CallError('not-online', 'The account is offline');
    return session;
  }

  entry(callId: string): CallEntry {
    const entry = this.calls.get(callId);
    if (!entry || !isLive(entry)) throw new CallError('no-such-call', 'No such call');
    return entry;
  }

  /** Rings every device of `peer`: a propose to the bare JID. */
  async start(peerText: string, media: CallMedia[]): Promise<Call> {
    const session = this.session();
    const peer = parseJid(peerText);
    if (!peer || peer.resource || sameBare(peer, this.own)) {
      throw new CallError('bad-state', 'A call goes to a contact’s address');
    }
    if (this.list().length > 0) throw new CallError('busy', 'Another call is under way');
    const call: Call = {
      accountId: this.scope.accountId,
      id: newId(),
      peer: peer.toString(),
      peerDevice: null,
      direction: 'out',
      media: [...new Set(media)].sort(),
      state: 'ringing',
      endReason: null,
      startedAt: Date.now(),
      connectedAt: null,
      endedAt: null,
      verified: false,
    };
    const entry = newEntry(call, null);
    this.calls.set(call.id, entry);
    this.arm(entry, RINGING_MS, () => void this.hangUp(entry, 'timeout'));
    await session.send(buildJmi(peer, 'propose', call.id, { media: call.media }));
    this.changed(entry);
    return { ...call };
  }

  /** Answers here: proceed to the caller's device, accept to our other devices. */
  async accept(callId: string): Promise<void> {
    const entry = this.entry(callId);
    if (entry.call.state !== 'incoming' || !entry.device) {
      throw new CallError('bad-state', 'The call is not ringing here');
    }
    const session = this.session();
    await session.send(buildJmi(entry.device, 'proceed', callId));
    await session.send(buildJmi(this.own, 'accept', callId));
    this.update(entry, { state: 'connecting' });
    this.arm(entry, CONNECTING_MS, () => void this.hangUp(entry, 'timeout'));
  }

  /** Cancels, declines or hangs up, whatever the call's state. */
  async hangUp(entry: CallEntry, reason: CallEndReason): Promise<void> {
    if (!isLive(entry)) return;
    const session = this.online();
    const { call, device } = entry;
    // Ended first: what the messages below bring back finds no live call.
    const ended = this.finish(entry, endedReason(entry, reason));
    if (!session) return;
    const send = (el: Parameters<Session['send']>[0]) => session.send(el).catch(() => {});
    if (call.direction === 'out' && !device) {
      // Still ringing: every device of the callee stops.
      await send(buildJmi(call.peer, 'retract', call.id, { reason: jingleReasonOf(reason) }));
    } else if (ended === 'declined' || ended === 'busy' || ended === 'missed') {
      if (device && call.direction === 'in' && entry.jingle === 'none' && ended !== 'missed') {
        await send(buildJmi(device, 'reject', call.id, { reason: jingleReasonOf(ended) }));
      }
    } else if (device) {
      if (entry.jingle !== 'none') await this.jingle.terminate(session, entry, reason);
      await send(buildJmi(device, 'finish', call.id, { reason: jingleReasonOf(reason) }));
    }
  }

  /** Media flows (the renderer saw its connection up): the call is active from now. */
  connected(callId: string, up: boolean): void {
    const entry = this.entry(callId);
    if (!up || entry.call.state !== 'connecting') return;
    this.clearTimer(entry);
    this.update(entry, { state: 'active', connectedAt: Date.now() });
  }

  /** Ends the call here: no message goes out. Returns the reason it ended with. */
  finish(entry: CallEntry, reason: CallEndReason): CallEndReason {
    this.clearTimer(entry);
    this.update(entry, { state: 'ended', endReason: reason, endedAt: Date.now() });
    this.calls.delete(entry.call.id);
    this.timeline.ended(entry.call);
    return reason;
  }

  update(entry: CallEntry, patch: Partial<Call>): void {
    entry.call = { ...entry.call, ...patch, peerDevice: entry.device?.toString() ?? null };
    this.changed(entry);
  }

  private changed(entry: CallEntry): void {
    this.scope.bus.emit('call.changed', { ...entry.call });
  }

  arm(entry: CallEntry, ms: number, fire: () => void): void {
    this.clearTimer(entry);
    entry.timer = setTimeout(fire, ms);
    entry.timer.unref();
  }

  private clearTimer(entry: CallEntry): void {
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = null;
  }

  /** Offline: calls cannot go on without signalling. */
  stop(): void {
    for (const entry of [...this.calls.values()]) this.finish(entry, 'connectivity-error');
    // Written now: the store may close right after a stop.
    this.timeline.flush();
  }

  private handleMessage(session: Session, message: IncomingMessage): boolean {
    const envelope = message.envelope;
    if (!envelope || envelope.origin.kind === 'archive' || !hasJmi(envelope.content)) return false;
    // Forged carbons and malformed JMI are consumed: they are no chat message either.
    const jmi = parseJmi(envelope.content);
    const from = envelope.from;
    if (message.rejected || !jmi || !from || envelope.type === 'error') return true;
    if (sameBare(from, this.own)) {
      // Our own message as the server echoes it to our bare JID: nothing new.
      if (from.toString() !== session.jid) this.fromOtherDevice(jmi);
      return true;
    }
    const delay = envelope.parts.delay?.stamp ?? null;
    this.fromPeer(session, from, jmi, delay);
    return true;
  }

  /** Our other device answered or declined a call that rings here too. */
  private fromOtherDevice(jmi: JmiMessage): void {
    const entry = this.calls.get(jmi.sid);
    if (!entry || entry.call.state !== 'incoming') return;
    if (jmi.action === 'proceed' || jmi.action === 'accept')
      this.finish(entry, 'answered-elsewhere');
    if (jmi.action === 'reject') this.finish(entry, 'declined-elsewhere');
  }

  private fromPeer(session: Session, from: JID, jmi: JmiMessage, delay: number | null): void {
    if (jmi.action === 'propose') {
      this.proposed(session, from, jmi, delay);
      return;
    }
    const entry = this.calls.get(jmi.sid);
    if (!entry || !sameBare(from, jid(entry.call.peer))) return;
    const { call } = entry;
    // Once a device is in the call, only that device speaks for the other side.
    const fromDevice = entry.device?.equals(from) ?? false;
    if (jmi.action === 'proceed' && call.direction === 'out' && call.state === 'ringing') {
      entry.device = from;
      this.update(entry, { state: 'connecting' });
      this.arm(entry, CONNECTING_MS, () => void this.hangUp(entry, 'timeout'));
    } else if (jmi.action === 'reject' && call.direction === 'out' && call.state === 'ringing') {
      this.finish(entry, endReasonOf(jmi.reason?.condition, 'declined'));
    } else if (jmi.action === 'retract' && call.direction === 'in' && fromDevice) {
      this.finish(entry, call.state === 'incoming' ? 'missed' : 'cancelled');
    } else if (jmi.action === 'finish' && fromDevice) {
      this.finish(entry, endReasonOf(jmi.reason?.condition, 'hangup'));
    }
  }

  private proposed(session: Session, from: JID, jmi: JmiMessage, delay: number | null): void {
    if (this.calls.has(jmi.sid)) return;
    const peer = `${from.local}@${from.domain}`;
    // Only people who may see our presence can ring us; others are not told we exist.
    const contact = this.scope.store.contacts.get(this.scope.accountId, peer);
    if (!contact || (contact.subscription !== 'from' && contact.subscription !== 'both')) return;
    const now = Date.now();
    // Kept offline by the server and handed over late: the caller gave up long ago.
    if (delay !== null && now - delay > RINGING_MS) {
      this.timeline.missed(peer, jmi.sid, jmi.media, delay);
      return;
    }
    if (this.list().length > 0 || this.calls.size >= MAX_CALLS) {
      void session.send(buildJmi(from, 'reject', jmi.sid, { reason: 'busy' })).catch(() => {});
      return;
    }
    const call: Call = {
      accountId: this.scope.accountId,
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
    this.calls.set(call.id, entry);
    this.arm(entry, RINGING_MS, () => this.finish(entry, 'missed'));
    this.changed(entry);
    void session.send(buildJmi(from, 'ringing', jmi.sid)).catch(() => {});
  }
}

/** What ending the call here means in its state (a callee's hang-up while ringing: declined). */
function endedReason(entry: CallEntry, reason: CallEndReason): CallEndReason {
  const { call } = entry;
  if (call.state === 'ringing' && reason === 'hangup') return 'cancelled';
  if (call.state === 'incoming' && reason === 'hangup') return 'declined';
  return reason;
}
