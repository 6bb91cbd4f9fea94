import type { OutgoingSection } from '../outgoing/message.js';

/**
 * One protocol module as the rest of the client sees it: what it makes true of us (the
 * XEP-0030 features we announce and hash into XEP-0115 caps) and what it adds to the messages
 * we send. A module that only parses contributes neither.
 */
export interface XmppModule {
  /** e.g. 'XEP-0184 Message Delivery Receipts'. */
  readonly name: string;
  readonly features?: readonly string[];
  readonly sections?: readonly OutgoingSection[];
}
