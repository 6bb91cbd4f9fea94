// XEP-0424: a retraction of one of our messages, in both wire forms, with the XEP-0428 marker
// that says the body (the caller sets RETRACTION_FALLBACK_BODY) is only for clients without it.
import { retractionMarkers } from '../../features/retraction.js';
import type { OutgoingSection } from '../message.js';

declare module '../message.js' {
  interface OutgoingMessage {
    /**
     * The message retracted: `id` is what :1 names (in a room the room's stanza-id, else the
     * origin-id), `legacyId` what :0 names (always the origin-id).
     */
    retract?: { id: string; legacyId: string };
  }
}

export const retractionSection: OutgoingSection = {
  name: 'XEP-0424 retraction',
  order: 17,
  build: (message) =>
    message.retract ? retractionMarkers(message.retract.id, message.retract.legacyId) : null,
};
