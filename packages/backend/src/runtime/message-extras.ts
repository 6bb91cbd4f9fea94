// The message features that hang off a stored message: reactions (XEP-0444), replies
// (XEP-0461/0428) and displayed markers (XEP-0333). Each is a registered MessageFeature on the
// incoming pipeline (see message-feature.ts); this holds them together for the command handlers
// (decorating pages, replying, reacting, marking read) and the outgoing route.
import type { Message } from '@parley/contract';
import type { OutgoingMessage } from '@parley/xmpp';
import type { AccountScope } from './account-scope.js';
import { Markers } from './markers.js';
import { Reactions } from './reactions.js';
import { Replies } from './replies.js';

export class MessageExtras {
  readonly reactions: Reactions;
  readonly replies: Replies;
  readonly markers: Markers;

  constructor(private readonly scope: AccountScope) {
    this.reactions = new Reactions(scope);
    this.replies = new Replies(scope);
    this.markers = new Markers(scope);
  }

  /** The id a one-to-one message goes by on the wire (what reactions and replies name). */
  wireIdOf(message: Message): string | null {
    if (message.direction === 'out') return message.originId ?? message.id;
    return this.scope.store.messageRefs.refOf(this.scope.accountId, message.id) ?? message.originId;
  }

  /** A reply's quote and reference on its outgoing message (the reply section builds them). */
  outgoing(message: Message, outgoing: OutgoingMessage | null): OutgoingMessage | null {
    if (!outgoing) return null;
    return this.replies.decorateOutgoing(message, outgoing);
  }

  /** Messages as the renderer shows them: reactions, what they answer, "seen". */
  decorate(messages: Message[]): Message[] {
    if (messages.length === 0) return messages;
    return this.markers.decorate(this.replies.decorate(this.reactions.decorate(messages)));
  }
}
