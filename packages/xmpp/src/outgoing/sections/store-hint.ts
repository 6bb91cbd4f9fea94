// XEP-0334: a message with content is archived even by a server picky about what it keeps, and
// so is a body-less one that asks for it (a reaction, a displayed marker); a bare notification
// (a chat state alone) stays out of the archive and offline storage.
import { noStoreHint, storeHint } from '../../features/hints.js';
import type { OutgoingSection } from '../message.js';

export const storeHintSection: OutgoingSection = {
  name: 'XEP-0334 storage hint',
  order: 90,
  build: (message) =>
    message.body !== null || message.attachment || message.archive ? storeHint() : noStoreHint(),
};
