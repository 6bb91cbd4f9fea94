// The envelope parts of what hangs off a message: XEP-0444 reactions, XEP-0461 replies with
// their XEP-0428 fallback, XEP-0333 markers and the XEP-0393 `<unstyled/>` hint. Read once here;
// the backend's services decide whose they are (the conversation, the occupant, ours).
import { parseAttachment } from '../features/attachment.js';
import { parseBody } from '../features/chat.js';
import { isMarkable, parseChatMarker } from '../features/markers.js';
import { parseReactions } from '../features/reactions.js';
import { parseReply, parseReplyRef } from '../features/reply.js';
import { parseUnstyled } from '../features/styling.js';
import { definePart } from './parts-core.js';

/** XEP-0444: the whole set of one reactor on one message (never a chat message). */
export const reactionsPart = definePart('reactions', (m, h) =>
  h.type === 'error' ? null : parseReactions(m),
);

/**
 * XEP-0461: what the message answers, and its body with the XEP-0428 fallback quote cut out.
 * The text cut from is the body, else a body-less file's URL (what would be stored). The body
 * is read a second time only for the rare message that carries a `<reply>`.
 */
export const replyPart = definePart('reply', (m, h) => {
  if (h.type === 'error' || !parseReplyRef(m)) return null;
  return parseReply(m, parseBody(m)?.text ?? parseAttachment(m)?.url ?? null);
});

/** XEP-0333: the marker a message carries, and whether it asks to be marked itself. */
export const markersPart = definePart('markers', (m, h) => ({
  marker: h.type === 'error' ? null : parseChatMarker(m),
  markable: h.type !== 'error' && isMarkable(m),
}));

/** XEP-0393 §6: the sender asks for the body to be shown as written. */
export const unstyledPart = definePart('unstyled', (m) => parseUnstyled(m));
