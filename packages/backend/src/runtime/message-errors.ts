import { englishText, type BackendText, type BackendTextId, type Message } from '@parley/contract';
import type { ErrorCondition, OutgoingRefused, Session } from '@parley/xmpp';
import type { AccountScope } from './account-scope.js';
import type { Outbox } from './outbox.js';

/** An error bounce (RFC 6120 §8.3): the id of the message it returns, and why. */
export interface Bounce {
  id: string | null;
  condition: ErrorCondition | null;
  text: string | null;
  /** The reason when the caller knows better (a room's refusal): else from the condition. */
  reason?: BackendText;
}

/** Failure reasons kept per account; older ones fall back to general words. */
const MAX_REASONS = 500;
/** Longest reason kept (the contract allows 2,000 characters). */
const MAX_REASON_CHARS = 1_000;

/** The conditions a bounce has its own words for (backend-text-templates.ts, `bounce.*`). */
const BOUNCE_CONDITIONS = [
  'service-unavailable',
  'recipient-unavailable',
  'item-not-found',
  'remote-server-not-found',
  'remote-server-timeout',
  'forbidden',
  'not-allowed',
  'not-acceptable',
  'not-authorized',
  'policy-violation',
  'resource-constraint',
  'jid-malformed',
  'subscription-required',
  'gone',
] as const satisfies readonly ErrorCondition[];
type BounceCondition = (typeof BOUNCE_CONDITIONS)[number];

function hasBounceWords(condition: ErrorCondition | null): condition is BounceCondition {
  return (BOUNCE_CONDITIONS as readonly string[]).includes(condition ?? '');
}

/** Why a bounced message failed; the server's own text (untrusted) only quoted after it. */
export function bounceText(condition: ErrorCondition | null, text: string | null): BackendText {
  const id: BackendTextId = hasBounceWords(condition) ? `bounce.${condition}` : 'bounce.other';
  return withServerText({ id, ...(condition ? { condition } : {}) }, text, 'server');
}

/** `text` with the server's (or room's) own words, trimmed and bounded, when it gave any. */
export function withServerText(
  text: BackendText,
  said: string | null,
  saidBy: 'server' | 'room',
): BackendText {
  const serverText = said?.trim().slice(0, MAX_REASON_CHARS);
  return serverText ? { ...text, serverText, saidBy } : text;
}

interface Reason {
  words: string;
  text?: BackendText;
}

/**
 * Outgoing messages that failed: an error bounce (RFC 6120 §8.3) from the address a message
 * went to, or a transform's refusal (it cannot be encrypted), marks it failed with the reason
 * in words, and the user's retry sends it again under
 * the same id. The reasons live in memory only (bounded): after a restart a failed message
 * says only that it failed.
 */
export class MessageErrors {
  private readonly reasons = new Map<string, Reason>();

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
    const text = bounce.reason ?? bounceText(bounce.condition, bounce.text);
    this.remember(message.id, { words: englishText(text), text });
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
    const words = refusal.reason.slice(0, MAX_REASON_CHARS);
    this.remember(message.id, refusal.text ? { words, text: refusal.text } : { words });
    const updated = store.messages.get(accountId, message.id);
    if (updated) bus.emit('message.updated', this.view(updated));
  }

  /** The message as the renderer sees it: a failed one with its reason when known. */
  view(message: Message): Message {
    if (message.status !== 'failed') return message;
    const reason = this.reasons.get(message.id);
    if (reason === undefined) return message;
    return { ...message, error: reason.words, errorText: reason.text ?? null };
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

  private remember(id: string, reason: Reason): void {
    this.reasons.delete(id);
    this.reasons.set(id, reason);
    if (this.reasons.size > MAX_REASONS) {
      const oldest = this.reasons.keys().next().value;
      if (oldest !== undefined) this.reasons.delete(oldest);
    }
  }
}
