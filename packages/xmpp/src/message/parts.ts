// The content parts of an incoming message, one per XEP module. The list is the registry: a new
// message XEP (correction, reply, reaction, retraction, moderation, markers, fallback) is one file
// exporting `definePart('its-key', parse)` and one line in MESSAGE_PARTS; its field then appears,
// typed, on every envelope.
//
// Why a typed list rather than interface merging (declare module + side-effect registration):
// the MessageParts type is inferred from the parsers that actually run, so a field can never be
// declared but left unparsed because a module was not imported, and the parse order is visible
// in one place. Parsers must not throw, and each bounds its own work per stanza (MAX_STANZA_IDS,
// MAX_BODY, the OOB element cap...): a hostile stanza costs a fixed amount per part.
import { parseAttachment } from '../features/attachment.js';
import { parseBody, parseThread } from '../features/chat.js';
import { parseChatState } from '../features/chat-states.js';
import { parseDelay } from '../features/delay.js';
import { parseStanzaError } from '../features/errors.js';
import { NS_MUC_USER, parseStatusCodes } from '../features/muc.js';
import { parseSubject } from '../features/muc-message.js';
import { parseOccupantId } from '../features/occupant-id.js';
import { parseReceipt } from '../features/receipts.js';
import { parseOriginId, parseStanzaIds } from '../features/stanza-ids.js';
import { childIn, type Element } from '../stanza.js';
import type { EnvelopeHead } from './envelope.js';
import { definePart, type MessagePart } from './parts-core.js';
import { correctionPart, moderationPart, retractionPart, tombstonePart } from './edit-parts.js';
import { markersPart, reactionsPart, replyPart, unstyledPart } from './extra-parts.js';

export { definePart, type MessagePart };

/** XEP-0359: the sender's origin-id and the archives' stanza-ids (trust via stanzaIdBy). */
export const idsPart = definePart('ids', (m) => ({
  originId: parseOriginId(m),
  stanzaIds: parseStanzaIds(m),
}));
/** RFC 6121 body, capped at MAX_BODY (`truncated` says so). */
export const bodyPart = definePart('body', (m) => parseBody(m));
/** RFC 6121 thread. */
export const threadPart = definePart('thread', (m) => parseThread(m));
/** XEP-0203: the stamp and who added it; trust it only through trustedStamp. */
export const delayPart = definePart('delay', (m) => parseDelay(m));
/** XEP-0085: none on an error bounce (it would be the state we sent). */
export const chatStatePart = definePart('chatState', (m, h) =>
  h.type === 'error' ? null : parseChatState(m),
);
/** XEP-0184: a request (never for error/groupchat, §5.4) and the id a receipt acknowledges. */
export const receiptPart = definePart('receipt', (m, h) => {
  const receipt = parseReceipt(m);
  return h.type === 'error' ? { requested: false, receivedId: null } : receipt;
});
/** XEP-0447 / XEP-0066: a file we would fetch. */
export const attachmentPart = definePart('attachment', (m) => parseAttachment(m));
/** XEP-0421: the room-assigned occupant id. */
export const occupantIdPart = definePart('occupantId', (m) => parseOccupantId(m));
/** XEP-0045 §8.1: the room subject ('' clears it). */
export const subjectPart = definePart('subject', (m) => parseSubject(m));
/** XEP-0045 muc#user status codes (104, 170–174...). */
export const mucStatusPart = definePart('mucStatusCodes', (m) =>
  parseStatusCodes(childIn(m, 'x', NS_MUC_USER)),
);
/** RFC 6120 §8.3: the error of a bounce. */
export const errorPart = definePart('error', (m, h) =>
  h.type === 'error' ? parseStanzaError(m) : null,
);

/** Every part, parsed in this order. Add a module's part here. */
export const MESSAGE_PARTS = [
  idsPart,
  bodyPart,
  threadPart,
  delayPart,
  chatStatePart,
  receiptPart,
  attachmentPart,
  occupantIdPart,
  subjectPart,
  mucStatusPart,
  errorPart,
  correctionPart,
  retractionPart,
  moderationPart,
  tombstonePart,
  reactionsPart,
  replyPart,
  markersPart,
  unstyledPart,
] as const;

type PartList = readonly MessagePart<string, unknown>[];
type PartsOf<L extends PartList> = {
  readonly [P in L[number] as P['key']]: P extends MessagePart<string, infer V> ? V : never;
};

/** What every envelope carries: one field per entry of MESSAGE_PARTS. */
export type MessageParts = PartsOf<typeof MESSAGE_PARTS>;

/** Runs every part parser once over the content. */
export function parseParts(content: Element, head: EnvelopeHead): MessageParts {
  const parts: Record<string, unknown> = {};
  for (const part of MESSAGE_PARTS) parts[part.key] = part.parse(content, head);
  // The keys are exactly MESSAGE_PARTS' keys, each set from its own parser.
  return parts as MessageParts;
}
