// XEP-0333: a one-to-one or private message with content asks to be marked displayed. Not to
// a room (the whole room would answer) nor on bare notifications.
import { markableElement } from '../../features/markers.js';
import type { OutgoingSection } from '../message.js';

export const markableSection: OutgoingSection = {
  name: 'XEP-0333 markable',
  order: 55,
  build: (message) =>
    message.kind !== 'groupchat' && message.id && message.body !== null ? markableElement() : null,
};
