// The modules that put something into the messages we send (and what they announce).
import { NS_CHAT_STATES } from '../features/chat-states.js';
import { NS_CORRECT } from '../features/correction.js';
import { NS_MARKERS } from '../features/markers.js';
import { NS_REACTIONS } from '../features/reactions.js';
import { NS_FALLBACK, NS_REPLY } from '../features/reply.js';
import { NS_RETRACT, NS_RETRACT_0 } from '../features/retraction.js';
import { NS_SID } from '../features/chat.js';
import { NS_HASHES, NS_SFS } from '../features/file-sharing.js';
import { NS_OOB } from '../features/oob.js';
import { NS_RECEIPTS } from '../features/receipts.js';
import { NS_STYLING } from '../features/styling.js';
import { bodySection } from '../outgoing/sections/body.js';
import { chatStateSection } from '../outgoing/sections/chat-state.js';
import { fileSection } from '../outgoing/sections/file.js';
import { markableSection } from '../outgoing/sections/markable.js';
import { mucPrivateSection } from '../outgoing/sections/muc-private.js';
import { originIdSection } from '../outgoing/sections/origin-id.js';
import { receiptRequestSection } from '../outgoing/sections/receipt-request.js';
import { replySection } from '../outgoing/sections/reply.js';
import { storeHintSection } from '../outgoing/sections/store-hint.js';
import { correctionSection } from '../outgoing/sections/correction.js';
import { displayedSection } from '../outgoing/sections/displayed.js';
import { reactionsSection } from '../outgoing/sections/reactions.js';
import { retractionSection } from '../outgoing/sections/retraction.js';
import type { XmppModule } from './types.js';

export const messagesModule: XmppModule = {
  name: 'RFC 6121 messages',
  sections: [bodySection],
};

export const uniqueIdsModule: XmppModule = {
  name: 'XEP-0359 Unique and Stable Stanza IDs',
  features: [NS_SID],
  sections: [originIdSection],
};

export const receiptsModule: XmppModule = {
  name: 'XEP-0184 Message Delivery Receipts',
  features: [NS_RECEIPTS],
  sections: [receiptRequestSection],
};

export const chatStatesModule: XmppModule = {
  name: 'XEP-0085 Chat State Notifications',
  features: [NS_CHAT_STATES],
  sections: [chatStateSection],
};

export const hintsModule: XmppModule = {
  name: 'XEP-0334 Message Processing Hints',
  sections: [storeHintSection],
};

export const fileSharingModule: XmppModule = {
  name: 'XEP-0066 Out of Band Data and XEP-0447 Stateless File Sharing',
  features: [
    NS_OOB,
    NS_SFS,
    // XEP-0300 §4: we read and send SHA-256 hashes of shared files.
    NS_HASHES,
    'urn:xmpp:hash-function-text-names:sha-256',
  ],
  sections: [fileSection],
};

export const mucPrivateModule: XmppModule = {
  name: 'XEP-0045 private messages',
  sections: [mucPrivateSection],
};

/** XEP-0308 corrections and XEP-0424 retractions (both forms read and sent). */
export const editsModule: XmppModule = {
  name: 'XEP-0308 Last Message Correction and XEP-0424 Message Retraction',
  features: [NS_CORRECT, NS_RETRACT_0, NS_RETRACT],
  sections: [correctionSection, retractionSection],
};

/** XEP-0461 replies, with the XEP-0428 fallback for the quote. */
export const repliesModule: XmppModule = {
  name: 'XEP-0461 Message Replies',
  features: [NS_REPLY, NS_FALLBACK],
  sections: [replySection],
};

/** XEP-0333: our messages ask to be marked; our displayed markers say what we read. */
export const markersModule: XmppModule = {
  name: 'XEP-0333 Displayed Markers',
  features: [NS_MARKERS],
  sections: [markableSection, displayedSection],
};

/** XEP-0444: a reaction set is a body-less message of its own. */
export const reactionsModule: XmppModule = {
  name: 'XEP-0444 Message Reactions',
  features: [NS_REACTIONS],
  sections: [reactionsSection],
};

/**
 * XEP-0393 §5: we render styling (and honour `<unstyled/>`), so we say so; the sender's side
 * needs nothing in the stanza.
 */
export const stylingModule: XmppModule = {
  name: 'XEP-0393 Message Styling',
  features: [NS_STYLING],
};
