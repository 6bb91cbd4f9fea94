// RFC 6121 §5.2.3–§5.2.5: the text of the message and its thread.
import { xml } from '../../stanza.js';
import type { OutgoingSection } from '../message.js';

export const bodySection: OutgoingSection = {
  name: 'RFC 6121 body and thread',
  order: 0,
  build: (message) => [
    ...(message.body === null ? [] : [xml('body', {}, message.body)]),
    ...(message.thread ? [xml('thread', {}, message.thread)] : []),
  ],
};
