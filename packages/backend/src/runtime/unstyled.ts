// XEP-0393 §6: a message carrying `<unstyled/>` is shown as written. The flag is stored with the
// message and carried in the contract's Message; the renderer's styling respects it.
import type { IncomingFacts, MessageDraft, MessageFeature } from './message-feature.js';

export const unstyledFeature: MessageFeature = {
  name: 'XEP-0393 unstyled hint',
  order: 50,
  prepare(msg: IncomingFacts, draft: MessageDraft): void {
    draft.unstyled = msg.envelope.parts.unstyled;
  },
};
