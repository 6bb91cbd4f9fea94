// The Jingle side of a call (XEP-0166/0167/0176): our descriptions and candidates out as iqs to
// the one device in the call, theirs in as events, each iq answered. An iq from anyone but that
// device, or for a session we do not run, is answered unknown-session and changes nothing.
import type { CallDescription, IceCandidate } from '@parley/contract';
import {
  NS_JINGLE,
  buildDescriptionChildren,
  buildIqError,
  buildIqResult,
  buildJingle,
  buildJingleError,
  buildTransportInfoContent,
  hasSealedFingerprint,
  parseContentNames,
  parseDescription,
  parseJingleIq,
  parseTransportInfo,
  type Element,
  type JingleAction,
  type JingleIq,
  type Session,
  type TrickledCandidate,
} from '@parley/xmpp';
import { PRIORITY, type StanzaRouter } from '../stanza-router.js';
import { MAX_CANDIDATES, endReasonOf, jingleReasonOf, type CallEntry } from './call-entry.js';
import { CallError } from './call-error.js';
import type { CallService } from './call-service.js';

type DescribeKind = 'offer' | 'answer' | 'content-add' | 'content-accept';

const MAX_CONTENT_NAMES = 32;

/** The actions that carry a description, with the DTLS fingerprints in their transports. */
const DESCRIBING = new Set<JingleAction>([
  'session-initiate',
  'session-accept',
  'content-add',
  'content-accept',
]);

const ACTION_OF: Record<DescribeKind, JingleAction> = {
  offer: 'session-initiate',
  answer: 'session-accept',
  'content-add': 'content-add',
  'content-accept': 'content-accept',
};

export class JinglePeer {
  constructor(private readonly calls: CallService) {}

  register(router: StanzaRouter): void {
    router.register({
      name: 'jingle',
      kind: 'iq',
      priority: PRIORITY.calls,
      namespace: NS_JINGLE,
      handle: (session, iq) => this.handleIq(session, iq),
    });
  }

  /** The renderer's description: the offer (caller), the answer (callee), or a content change. */
  async describe(callId: string, kind: DescribeKind, description: CallDescription): Promise<void> {
    const entry = this.calls.entry(callId);
    const { call, device } = entry;
    const live = call.state === 'connecting' || call.state === 'active';
    const allowed =
      kind === 'offer'
        ? call.direction === 'out' && entry.jingle === 'none'
        : kind === 'answer'
          ? call.direction === 'in' && entry.jingle === 'initiated'
          : entry.jingle === 'accepted';
    if (!live || !device || !allowed) throw new CallError('bad-state', `No ${kind} now`);
    const session = this.calls.session();
    for (const content of description.contents) {
      entry.localPwd.set(content.name, content.transport.pwd);
      noteCreator(entry, content.name, content.creator);
    }
    const own = session.jid;
    const iq = buildJingle(ACTION_OF[kind], {
      sid: call.id,
      ...(kind === 'offer' ? { initiator: own } : {}),
      ...(kind === 'answer' ? { responder: own } : {}),
      ...buildDescriptionChildren(description),
    });
    iq.attrs.to = device.toString();
    const jingle = iq.getChild('jingle', NS_JINGLE);
    if (jingle && this.calls.verification) {
      await this.calls.verification.seal(entry, jingle, (el) => session.iq(el));
    }
    const answered = session.iq(iq);
    if (kind === 'offer') entry.jingle = 'initiated';
    if (kind === 'answer') entry.jingle = 'accepted';
    this.calls.noteVerified(entry);
    // Candidates the renderer found before this description may go now, behind it.
    const queued = entry.queued.splice(0);
    for (const candidate of queued) this.sendCandidate(session, entry, candidate);
    try {
      await answered;
    } catch {
      // Refused (or unanswered): the other side cannot take this session.
      await this.calls.hangUp(entry, 'failed-application');
      throw new CallError('failed', 'The other side refused the call’s description');
    }
  }

  /** A local candidate: trickled now, or queued until our initiate/accept has gone. */
  candidate(callId: string, content: string, ufrag: string, candidate: IceCandidate): void {
    const entry = this.calls.entry(callId);
    const trickle: TrickledCandidate = { content, ufrag, candidate };
    const ready =
      entry.call.direction === 'out' ? entry.jingle !== 'none' : entry.jingle === 'accepted';
    const session = this.calls.session();
    if (ready) {
      this.sendCandidate(session, entry, trickle);
      return;
    }
    if (entry.queued.length >= MAX_CANDIDATES) throw new CallError('failed', 'Too many candidates');
    entry.queued.push(trickle);
  }

  private sendCandidate(session: Session, entry: CallEntry, t: TrickledCandidate): void {
    const pwd = entry.localPwd.get(t.content);
    const content = buildTransportInfoContent({
      ...t,
      creator: entry.creators.get(t.content) ?? 'initiator',
      ...(pwd ? { pwd } : {}),
    });
    const iq = buildJingle('transport-info', { sid: entry.call.id, contents: [content] });
    iq.attrs.to = deviceOf(entry);
    // A lost candidate is not fatal: ICE goes on with the others.
    session.iq(iq).catch(() => {});
  }

  /** session-terminate to the device in the call (our hang-up). */
  async terminate(
    session: Session,
    entry: CallEntry,
    reason: Parameters<typeof jingleReasonOf>[0],
  ): Promise<void> {
    const iq = buildJingle('session-terminate', {
      sid: entry.call.id,
      reason: jingleReasonOf(reason),
    });
    iq.attrs.to = deviceOf(entry);
    await session.iq(iq).catch(() => {});
  }

  private handleIq(session: Session, stanza: Element): boolean {
    const parsed = parseJingleIq(stanza);
    if (!parsed) return false;
    const reply = (el: Element | null) => {
      if (el) void session.send(el).catch(() => {});
    };
    if ('rejected' in parsed) {
      reply(buildIqError(stanza, 'bad-request', 'modify'));
      return true;
    }
    const entry = this.calls.calls.get(parsed.sid);
    // Only the device in the call speaks in it: anyone else learns nothing about it.
    if (!entry || !entry.device || !entry.device.equals(parsed.from)) {
      reply(buildJingleError(stanza, 'unknown-session'));
      return true;
    }
    // Nothing sealed and nothing waiting: applied at once, as any iq.
    if (entry.waiting === 0 && !hasSealedFingerprint(parsed.jingle)) {
      reply(this.apply(entry, parsed, stanza));
      this.calls.noteVerified(entry);
      return true;
    }
    // One iq after another: a description's sealed fingerprints open before what follows it.
    entry.waiting++;
    entry.inbound = entry.inbound
      .then(async () => {
        if (DESCRIBING.has(parsed.action) && this.calls.verification) {
          if (!(await this.calls.verification.open(entry, parsed.jingle))) {
            // A fingerprint sealed by someone else, or not opening: its media could end anywhere.
            reply(buildIqError(stanza, 'not-acceptable', 'cancel'));
            if (parsed.action === 'session-initiate' || parsed.action === 'session-accept') {
              entry.jingle = 'initiated';
              await this.calls.hangUp(entry, 'security-error');
            }
            return;
          }
        }
        reply(this.apply(entry, parsed, stanza));
        this.calls.noteVerified(entry);
      })
      .catch(() => {})
      .finally(() => {
        entry.waiting--;
      });
    return true;
  }

  /** Applies one iq of the call's device; returns the answer. */
  private apply(entry: CallEntry, iq: JingleIq, stanza: Element): Element | null {
    const { call } = entry;
    const events = this.calls.scope.bus;
    const ref = { accountId: call.accountId, callId: call.id };
    switch (iq.action) {
      case 'session-initiate':
      case 'session-accept':
      case 'content-add':
      case 'content-accept': {
        const expected =
          iq.action === 'session-initiate'
            ? call.direction === 'in' && entry.jingle === 'none' && call.state === 'connecting'
            : iq.action === 'session-accept'
              ? call.direction === 'out' && entry.jingle === 'initiated'
              : entry.jingle === 'accepted';
        if (!expected) return buildJingleError(stanza, 'out-of-order');
        const read = parseDescription(iq.jingle);
        if ('refused' in read) {
          // Nothing of a description outside the contract reaches the renderer.
          if (iq.action === 'session-initiate' || iq.action === 'session-accept') {
            // The peer holds a session now: it is terminated, not left to time out.
            entry.jingle = 'initiated';
            void this.calls.hangUp(entry, 'failed-application');
          }
          return buildIqError(stanza, 'bad-request', 'modify', `description ${read.refused}`);
        }
        for (const c of read.description.contents) noteCreator(entry, c.name, c.creator);
        if (iq.action === 'session-initiate') entry.jingle = 'initiated';
        if (iq.action === 'session-accept') entry.jingle = 'accepted';
        const kind =
          iq.action === 'session-initiate'
            ? 'offer'
            : iq.action === 'session-accept'
              ? 'answer'
              : iq.action;
        events.emit('call.description', { ...ref, kind, description: read.description });
        return buildIqResult(stanza);
      }
      case 'transport-info': {
        if (entry.jingle === 'none') return buildJingleError(stanza, 'out-of-order');
        const candidates = parseTransportInfo(iq.jingle);
        if (!candidates) return buildIqError(stanza, 'bad-request', 'modify');
        if (entry.remoteCandidates + candidates.length > MAX_CANDIDATES) {
          return buildIqError(stanza, 'resource-constraint', 'wait');
        }
        entry.remoteCandidates += candidates.length;
        for (const c of candidates) events.emit('call.candidate', { ...ref, ...c });
        return buildIqResult(stanza);
      }
      case 'session-terminate':
        this.calls.finish(entry, endReasonOf(iq.reason?.condition, 'hangup'));
        return buildIqResult(stanza);
      case 'session-info':
        // Ringing, mute, hold: nothing to do here; an info we do not know is refused (§7.2.6).
        if (!iq.info && iq.jingle.getChildElements().length > 0) {
          return buildJingleError(stanza, 'unsupported-info');
        }
        return buildIqResult(stanza);
      case 'content-reject':
      case 'content-remove': {
        // A content-reject answers our content-add (Conversations asks its user before video
        // joins); content-remove takes contents out. The renderer undoes them in its session.
        if (entry.jingle !== 'accepted') return buildJingleError(stanza, 'out-of-order');
        const contents = parseContentNames(iq.jingle);
        if (!contents) return buildIqError(stanza, 'bad-request', 'modify');
        const how = iq.action === 'content-reject' ? 'rejected' : 'removed';
        events.emit('call.contents-dropped', { ...ref, contents, how });
        return buildIqResult(stanza);
      }
      default:
        return buildIqError(stanza, 'feature-not-implemented', 'cancel');
    }
  }
}

/** The device of a call past its answer (the paths that send to it only run then). */
function deviceOf(entry: CallEntry): string {
  if (!entry.device) throw new CallError('bad-state', 'The call has no device yet');
  return entry.device.toString();
}

/** Content names a peer can make up are bounded: past the limit, new ones default to initiator. */
function noteCreator(entry: CallEntry, name: string, creator: 'initiator' | 'responder'): void {
  if (entry.creators.has(name) || entry.creators.size < MAX_CONTENT_NAMES) {
    entry.creators.set(name, creator);
  }
}
