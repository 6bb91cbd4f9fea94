// The call signalling of one account: XEP-0353 to ring and answer, XEP-0166 Jingle (see
// jingle-peer.ts) to exchange the renderer's descriptions and candidates. The renderer owns the
// WebRTC session; this service only checks, relays and keeps the call's state.
import type { Call, CallEndReason, CallMedia } from '@parley/contract';
import {
  buildJmi,
  jid,
  newId,
  parseJid,
  sameBare,
  withProceedDevice,
  type JID,
  type Session,
} from '@parley/xmpp';
import type { AccountScope } from '../account-scope.js';
import { PRIORITY, type StanzaRouter } from '../stanza-router.js';
import {
  CONNECTING_MS,
  RINGING_MS,
  isLive,
  jingleReasonOf,
  newEntry,
  type CallEntry,
} from './call-entry.js';
import { CallError } from './call-error.js';
import type { CallVerification } from './call-verification.js';
import type { CallTimeline } from './call-timeline.js';
import { JinglePeer } from './jingle-peer.js';
import { JmiInbox } from './jmi-inbox.js';

export class CallService {
  readonly calls = new Map<string, CallEntry>();
  readonly own: JID;
  readonly jingle: JinglePeer;
  private readonly inbox: JmiInbox;
  /** Seals and opens DTLS fingerprints with OMEMO; set once the account's OMEMO exists. */
  verification: CallVerification | null = null;

  constructor(
    readonly scope: AccountScope,
    private readonly online: () => Session | null,
    private readonly timeline: CallTimeline,
  ) {
    this.own = jid(scope.ownJid);
    this.jingle = new JinglePeer(this);
    this.inbox = new JmiInbox(this, timeline, online);
    timeline.isLive = (sid) => this.calls.has(sid);
    timeline.adopt = (from, jmi, stamp) => this.inbox.adopt(from, jmi, stamp);
  }

  register(router: StanzaRouter): void {
    router.register({
      name: 'jingle-message',
      kind: 'message',
      priority: PRIORITY.calls,
      handle: (session, message) => this.inbox.handleMessage(session, message),
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
    try {
      await session.send(buildJmi(peer, 'propose', call.id, { media: call.media }));
    } catch {
      this.finish(entry, 'connectivity-error');
      throw new CallError('not-online', 'The call could not be placed: the account went offline');
    }
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
    // Connecting before the proceed leaves: the caller's session-initiate may follow at once.
    this.update(entry, { state: 'connecting' });
    this.arm(entry, CONNECTING_MS, () => void this.hangUp(entry, 'timeout'));
    const proceed = buildJmi(entry.device, 'proceed', callId);
    const ownDevice = this.verification?.proceedDevice(entry.call.peer) ?? null;
    await session.send(ownDevice === null ? proceed : withProceedDevice(proceed, ownDevice));
    await session.send(buildJmi(this.own, 'accept', callId));
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
    if (call.state === 'ringing') {
      // No one answered yet: every device of the callee stops.
      await send(buildJmi(call.peer, 'retract', call.id, { reason: jingleReasonOf(ended) }));
    } else if (call.state === 'incoming' && device) {
      await send(buildJmi(device, 'reject', call.id, { reason: jingleReasonOf(ended) }));
    } else if (device) {
      if (entry.jingle !== 'none') await this.jingle.terminate(session, entry, ended);
      await send(buildJmi(device, 'finish', call.id, { reason: jingleReasonOf(ended) }));
    }
  }

  /** Media flows (the renderer saw its connection up): the call is active from now. */
  connected(callId: string, up: boolean): void {
    const entry = this.entry(callId);
    if (!up || entry.call.state !== 'connecting') return;
    this.clearTimer(entry);
    this.update(entry, { state: 'active', connectedAt: Date.now() });
  }

  /**
   * Ends the call here: no message goes out. Returns the reason it ended with. A call settled
   * by a tie-break (`log: false`) leaves no row: the one that won is the call.
   */
  finish(entry: CallEntry, reason: CallEndReason, { log = true } = {}): CallEndReason {
    this.clearTimer(entry);
    this.update(entry, { state: 'ended', endReason: reason, endedAt: Date.now() });
    this.calls.delete(entry.call.id);
    if (log) this.timeline.ended(entry.call);
    return reason;
  }

  update(entry: CallEntry, patch: Partial<Call>): void {
    entry.call = { ...entry.call, ...patch, peerDevice: entry.device?.toString() ?? null };
    this.changed(entry);
  }

  /** The call turns verified once both fingerprints went sealed (call-verification.ts). */
  noteVerified(entry: CallEntry): void {
    const verified = this.verification?.verified(entry) ?? false;
    if (verified !== entry.call.verified && isLive(entry)) this.update(entry, { verified });
  }

  changed(entry: CallEntry): void {
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
}

/** What ending the call here means in its state (a callee's hang-up while ringing: declined). */
function endedReason(entry: CallEntry, reason: CallEndReason): CallEndReason {
  const { call } = entry;
  if (call.state === 'ringing' && reason === 'hangup') return 'cancelled';
  if (call.state === 'incoming' && reason === 'hangup') return 'declined';
  return reason;
}
