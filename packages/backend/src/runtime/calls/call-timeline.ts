// Calls in the timeline: a message row (empty body, a CallLog) for every call, written when a
// live call ends, and from the archive catch-up for the calls we were not online for (a
// propose no one answered shows as missed). Writes go through the account's write batch, so
// the row and its conversation's update are committed together and shown after the commit.
import type { Call, CallLog, Message } from '@parley/contract';
import { hasJmi, parseJmi, type JID, type JmiMessage } from '@parley/xmpp';
import type { AccountScope } from '../account-scope.js';
import type { IncomingFacts, MessageFeature } from '../message-feature.js';
import type { MessagePipeline, WriteSink } from '../message-pipeline.js';
import type { WriteOp } from '../write-batch.js';
import { logOf, mayCall } from './call-entry.js';

interface RowFacts {
  peer: string;
  direction: 'in' | 'out';
  timestamp: number;
  log: CallLog;
}

export class CallTimeline {
  /** True for a session the live service is handling: the archive's copy then changes nothing. */
  isLive: (callId: string) => boolean = () => false;
  /** The live service takes an archived JMI message (see JmiInbox.adopt); true when it did. */
  adopt: (from: JID | null, jmi: JmiMessage, stamp: number | null) => boolean = () => false;

  constructor(
    private readonly scope: AccountScope,
    private readonly pipeline: MessagePipeline,
  ) {}

  /** A live call ended: its row, inserted or brought up to date. */
  ended(call: Call): void {
    const facts = {
      peer: call.peer,
      direction: call.direction,
      timestamp: call.startedAt,
      log: logOf(call),
    };
    this.pipeline.batch.add(
      null,
      this.write(facts, () => true),
    );
  }

  /**
   * A call seen before it was ringing here (an offline propose older than a minute): a missed
   * call in the timeline, never a ringing one.
   */
  missed(peer: string, callId: string, media: Call['media'], timestamp: number): void {
    const log: CallLog = { callId, media, outcome: 'missed', durationMs: null };
    this.pipeline.batch.add(
      null,
      this.write({ peer, direction: 'in', timestamp, log }, () => false),
    );
  }

  /** Commits the rows written so far (before the account stops). */
  flush(): void {
    this.pipeline.batch.flush();
  }

  /** The archive's JMI messages (XEP-0353 asks that they be archived: store hint). */
  readonly feature: MessageFeature = {
    name: 'XEP-0353 calls in the archive',
    order: 0,
    consume: (msg, sink) => this.consumeArchived(msg, sink),
  };

  private consumeArchived(msg: IncomingFacts, sink: WriteSink): boolean {
    if (msg.source.kind !== 'archive' || msg.sender.kind !== 'direct') return false;
    if (!hasJmi(msg.envelope.content)) return false;
    const jmi = parseJmi(msg.envelope.content);
    if (!jmi || this.adopt(msg.envelope.from, jmi, msg.source.delay) || this.isLive(jmi.sid)) {
      return true;
    }
    const outgoing = msg.sender.outgoing;
    const timestamp = msg.source.delay ?? Date.now();
    const peer = msg.conversation.peer;
    if (jmi.action === 'propose') {
      // A stranger's propose leaves no trace, as it does live.
      if (!outgoing && !mayCall(this.scope, peer)) return true;
      const log: CallLog = {
        callId: jmi.sid,
        media: jmi.media,
        outcome: 'missed',
        durationMs: null,
      };
      sink(this.write({ peer, direction: outgoing ? 'out' : 'in', timestamp, log }, () => false));
      return true;
    }
    const outcome = archivedOutcome(jmi, outgoing);
    if (outcome) sink(this.upgrade(jmi.sid, outcome));
    return true;
  }

  /** Inserts the row, or (when `overwrite` allows) updates a stored row's outcome. */
  private write(facts: RowFacts, overwrite: (stored: CallLog) => boolean): WriteOp {
    return () => {
      const { store, accountId, bus } = this.scope;
      const { inserted, message } = store.callLog.record({ accountId, ...facts, call: facts.log });
      if (inserted) {
        const unseen = facts.direction === 'in' && facts.log.outcome === 'missed';
        this.pipeline.noteForConversation(facts.peer, message, unseen);
        return () => bus.emit('message.added', message);
      }
      const stored = message.call;
      if (stored && sameLog(stored, facts.log)) return undefined;
      if (stored && !overwrite(stored)) return undefined;
      const updated = store.callLog.update(accountId, facts.log);
      return updated ? this.updated(updated) : undefined;
    };
  }

  /** A call row's new outcome: its timeline row, and the list's preview when it is the newest. */
  private updated(message: Message): () => void {
    const { store, accountId, bus } = this.scope;
    const conversation = store.conversations.get(accountId, message.peer);
    const last = conversation?.lastMessage;
    const newest = last?.call !== undefined && last.timestamp === Math.round(message.timestamp);
    return () => {
      bus.emit('message.updated', message);
      if (conversation && newest) bus.emit('conversation.changed', conversation);
    };
  }

  /** A later JMI message in the archive settles a call that still shows as missed. */
  private upgrade(callId: string, outcome: CallLog['outcome']): WriteOp {
    return () => {
      const { store, accountId } = this.scope;
      const stored = store.callLog.find(accountId, callId)?.call;
      if (!stored || stored.outcome !== 'missed') return undefined;
      const updated = store.callLog.update(accountId, { ...stored, outcome });
      return updated ? this.updated(updated) : undefined;
    };
  }
}

/** What an archived answer says about a call proposed earlier in the archive. */
function archivedOutcome(jmi: JmiMessage, outgoing: boolean): CallLog['outcome'] | null {
  switch (jmi.action) {
    case 'proceed':
    case 'accept':
      return 'answered';
    case 'reject':
      return 'declined';
    // Our own retract: we gave up calling. The caller's retract leaves our call missed.
    case 'retract':
      return outgoing ? 'cancelled' : null;
    default:
      return null;
  }
}

function sameLog(a: CallLog, b: CallLog): boolean {
  return a.outcome === b.outcome && a.durationMs === b.durationMs;
}
