// A file we uploaded: XEP-0066 OOB (every client understands it; Conversations and Dino show a
// file when the body is exactly this URL) beside the richer XEP-0447 element with its
// metadata and hash. The caller puts the URL in the body.
import { buildFileSharing } from '../../features/file-sharing.js';
import { buildOob } from '../../features/oob.js';
import type { OutgoingSection } from '../message.js';

export const fileSection: OutgoingSection = {
  name: 'XEP-0066 and XEP-0447 file',
  order: 20,
  build: (message) =>
    message.attachment
      ? [buildOob(message.attachment.url), buildFileSharing(message.attachment)]
      : null,
};
