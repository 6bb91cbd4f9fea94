import type { Message } from '@parley/contract';
import type { ErrorCondition, OutgoingRefused, Session } from '@parley/xmpp';
import type { AccountScope } from './account-scope.js';
import type { Outbox } from './outbox.js';

/** An error bounce (RFC 6120 §8.3): the id of the message it returns, and why. */
export interface Bounce {
  id: string | null;
  condition: ErrorCondition | null;
  text: string | null;
  /** The reason in words when the caller knows better (a room's refusal): else from condition. */
  words?: string;
}

/** Failure reasons kept per account; older ones fall back to general words. */
const MAX_REASONS = 500;
/** Longest reason kept (the contract allows 2,000 characters). */
const MAX_REASON_CHARS = 1_000;

const CONDITION_WORDS: Partial<Record<ErrorCondition, string>> = {
  'service-unavailable':
    'The recipient’s server did not take it (the address may not exist, the recipient may have blocked you, or it refuses messages from strangers).',
  'recipient-unavailable': 'The recipient is not available.',
  'item-not-found': 'The recipient does not exist.',
  'remote-server-not-found': 'The recipient’s server could not be found.',
  'remote-server-timeout': 'The recipient’s server did not answer in time.',
  forbidden: 'The recipient’s side refused it.',
  'not-allowed': 'It is not allowed there.',
  'not-acceptable': 'It was not accepted.',
  'not-authorized': 'It was refused: not authorised.',
  'policy-violation': 'A server policy refused it.',
  'resource-constraint': 'The recipient’s server is overloaded.',
  'jid-malformed': 'The address is not valid.',
  'subscription-required': 'The recipient takes messages only from their contacts.',
  gone: 'The address is no longer in use.',
};

/** Why a bounced message failed, in words; the server's own text (untrusted) only quoted. */
export function bounceWords(condition: ErrorCondition | null, text: string | null): string {
  const words = (condition && CONDITION_WORDS[condition]) ?? 'It could not be delivered.';
  const said = text?.trim();
  return said ? `${words} The server said: “${said}”` : words;
}

/**
 * Outgoing messages that failed: an error bounce (RFC 6120 §8.3) from the address a message
 * went to, or a transform's refusal (it cannot be encrypted), marks it failed with the reason
 * in words, and the user's retry sends it again under
 * the same id. The reasons live in memory only (bounded): after a restart a failed message
 * says only that it failed.
 */
export class MessageErrors {
  private readonly reasons = new Map<string, string>();

  constructor(private readonly scope: AccountScope) {}

  /**
   * A live `type='error'` message from `peer` (its conversation) naming one of our messages.
   * Only the address the message went to can fail it: anyone else naming its id is ignored.
   * Returns what to announce once the change is committed.
   */
  bounce(bounce: Bounce, peer: string): (() => void) | undefined {
    const { store, accountId, bus } = this.scope;
    if (!bounce.id) return undefined;
    const message = store.messages.get(accountId, bounce.id);
    if (!message || message.direction !== 'out' || message.fromOtherDevice) return undefined;
    if (message.peer !== peer) return undefined;
    if (!store.messages.updateStatus(accountId, message.id, 'failed')) return undefined;
    this.remember(message.id, bounce.words ?? bounceWords(bounce.condition, bounce.text));
    const updated = store.messages.get(accountId, message.id);
    return updated ? () => bus.emit('message.updated', this.view(updated)) : undefined;
  }

  /**
   * A transform refused our pending message (it cannot be encrypted for anyone): nothing was
   * sent, and the message shows failed with the transform's reason. A retry runs the
   * transforms again.
   */
  refuse(message: Message, refusal: OutgoingRefused): void {
    const { store, accountId, bus } = this.scope;
    const stored = store.messages.get(accountId, message.id);
    if (stored?.status !== 'pending') return;
    if (!store.messages.updateStatus(accountId, message.id, 'failed')) return;
    // The contract caps the words; a transform's reason is not trusted to be short.
    this.remember(message.id, refusal.reason.slice(0, MAX_REASON_CHARS));
    const updated = store.messages.get(accountId, message.id);
    if (updated) bus.emit('message.updated', this.view(updated));
  }

  /** The message as the renderer sees it: a failed one with its reason when known. */
  view(message: Message): Message {
    if (message.status !== 'failed') return message;
    const error = this.reasons.get(message.id);
    return error === undefined ? message : { ...message, error };
  }

  /**
   * Our own failed message back to pending, sent again with whatever else is pending (now when
   * online, else on the next session), under the same id and origin-id.
   */
  async retry(message: Message, outbox: Outbox, online: () => Session | null): Promise<Message> {
    const { store, accountId, bus } = this.scope;
    // The bounced attempt's own ack may still be on its way: it must find the message failed.
    await outbox.settled(message.id);
    if (!store.messages.updateStatus(accountId, message.id, 'pending')) {
      return this.view(store.messages.get(accountId, message.id) ?? message);
    }
    this.reasons.delete(message.id);
    const updated = store.messages.get(accountId, message.id) ?? message;
    bus.emit('message.updated', updated);
    const session = online();
    if (session?.state === 'online') outbox.flush(session);
    return updated;
  }

  private remember(id: string, words: string): void {
    this.reasons.delete(id);
    this.reasons.set(id, words);
    if (this.reasons.size > MAX_REASONS) {
      const oldest = this.reasons.keys().next().value;
      if (oldest !== undefined) this.reasons.delete(oldest);
    }
  }
}
