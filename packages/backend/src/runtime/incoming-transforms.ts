// The asynchronous half of the decrypt seam (packages/xmpp/src/message/transforms.ts): runs the
// transform that claimed a message, once, after checking that the message is not already stored
// (OMEMO must never decrypt a message twice: the ratchet has moved on and the replay fails).
import {
  bareOf,
  finishEnvelope,
  jid,
  sameBare,
  stanzaIdBy,
  type AsyncIncomingTransform,
  type JID,
  type MessageEnvelope,
  type TransformFacts,
  type TransformOutcome,
  withBody,
} from '@parley/xmpp';
import type { Message } from '@parley/contract';
import type { AccountScope } from './account-scope.js';
import type { ConversationTarget } from './conversation-kind.js';
import { settleAll, type WriteOp } from './write-batch.js';

/** A claimed message after its transform: what to handle (null: nothing) and what to commit. */
export interface OpenedMessage {
  envelope: MessageEnvelope | null;
  /** The transform's own write (ratchet state), committed with the message's. */
  write: WriteOp | null;
}

export class IncomingTransforms {
  /** Registered by the features that need them (OMEMO); asked in order, the first claim wins. */
  readonly list: AsyncIncomingTransform[] = [];
  private readonly own: JID;

  constructor(
    private readonly scope: AccountScope,
    private readonly conversationOf: (address: JID) => ConversationTarget,
    private readonly log: (message: string, error: unknown) => void = (message, error) =>
      console.error(`[parley] ${message}`, error),
  ) {
    this.own = jid(scope.ownJid);
  }

  /**
   * The stored copy of this message, if the store holds it: by its archive id (ours, or the
   * room's for a room message), or by its origin-id in its conversation (for a room, only a
   * message we sent: another occupant's origin-id is theirs to choose).
   */
  held(envelope: MessageEnvelope): Message | null {
    const { store, accountId } = this.scope;
    const { from, to, parts, origin } = envelope;
    if (!from || !to) return null;
    const archived = origin.kind === 'archive' ? origin.archiveId : null;
    if (envelope.type === 'groupchat') {
      if (!from.local) return null;
      const room = bareOf(from);
      return store.messages.findHeld(accountId, room, {
        stanzaId: archived ?? stanzaIdBy(parts.ids, room),
        originId: parts.ids.originId ?? envelope.id,
        originOnlyOurs: true,
      });
    }
    const outgoing = sameBare(from, this.own);
    const { peer } = this.conversationOf(outgoing ? to : from);
    return store.messages.findHeld(accountId, peer, {
      stanzaId: archived ?? stanzaIdBy(parts.ids, this.own),
      originId: parts.ids.originId ?? (outgoing ? envelope.id : null),
    });
  }

  /**
   * Opens the message a transform claimed (envelope.awaiting). One already stored (see held) is
   * not run through the transform again: it is handled with the stored text, as a plain repeat
   * is (its stored copy found again, our own marked delivered by the room's reflection, the
   * archive id noted). The caller keeps the order (one at a time per account).
   */
  async open(envelope: MessageEnvelope): Promise<OpenedMessage> {
    const transform = envelope.awaiting;
    if (!transform) return { envelope, write: null };
    const stored = this.held(envelope);
    if (stored) {
      const content = withBody(envelope.content, stored.body);
      const facts = omemoFactsOf(stored);
      return {
        envelope: finishEnvelope(envelope, { kind: 'replaced', content, facts }),
        write: null,
      };
    }
    let outcome: TransformOutcome;
    try {
      outcome = await transform.run(envelope);
    } catch (error) {
      // Its message is still stored, with the error instead of its fallback body.
      this.log(`${transform.name} could not open an incoming message`, error);
      outcome = { kind: 'failed', facts: { decryptError: 'bad-payload' } };
    }
    return { envelope: finishEnvelope(envelope, outcome), write: outcome.write ?? null };
  }
}

/** A message's OMEMO fields as stored. */
function omemoFactsOf(message: Message): TransformFacts {
  const { encryption, senderDevice, trust, decryptError } = message;
  return {
    ...(encryption != null ? { encryption } : {}),
    ...(senderDevice != null ? { senderDevice } : {}),
    ...(trust != null ? { trust } : {}),
    ...(decryptError != null ? { decryptError } : {}),
  };
}

/** One stanza's writes as one: they commit (or are skipped) together, in order. */
export function combineWrites(ops: readonly WriteOp[]): WriteOp | null {
  if (ops.length === 0) return null;
  if (ops.length === 1) return ops[0]!;
  const combined: WriteOp = () => {
    const after = ops.map((op) => op()).filter((a): a is () => void => a !== undefined);
    return after.length === 0 ? undefined : () => after.forEach((a) => a());
  };
  if (ops.some((op) => op.settled)) combined.settled = () => settleAll(ops);
  return combined;
}
