// The envelope parts of message edits: XEP-0308 corrections, XEP-0424 retractions, XEP-0425
// moderations and the tombstone an archive keeps of a retracted message. Each is read once here;
// who may apply it (the original sender, the room itself) is decided by the backend's edits
// service, which knows the stored original and the room. None of them is read from an error
// bounce: it carries our own stanza back, not an edit of the peer.
import { parseCorrection } from '../features/correction.js';
import { parseModeration, parseTombstone } from '../features/moderation.js';
import { parseRetraction } from '../features/retraction.js';
import { definePart } from './parts-core.js';

/** XEP-0308: the id the message corrects and its new text. */
export const correctionPart = definePart('correction', (m, h) =>
  h.type === 'error' ? null : parseCorrection(m),
);

/** XEP-0424 (both wire forms): the sender's own retraction; a moderation is not one. */
export const retractionPart = definePart('retraction', (m, h) =>
  h.type === 'error' ? null : parseRetraction(m),
);

/** XEP-0425: a moderation broadcast; it counts only from the room's own address. */
export const moderationPart = definePart('moderation', (m, h) =>
  h.type === 'error' ? null : parseModeration(m),
);

/**
 * XEP-0424 §6 / XEP-0425: an archived message that is a tombstone instead of a body. Only an
 * archive result (whose sender the envelope has checked) may say so; live, it means nothing.
 */
export const tombstonePart = definePart('tombstone', (m, h) =>
  h.origin.kind === 'archive' && h.type !== 'error' ? parseTombstone(m) : null,
);
