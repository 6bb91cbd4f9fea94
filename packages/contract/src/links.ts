import { z } from 'zod';

/**
 * An `xmpp:` URI (RFC 5122) handed to Parley by the operating system (a link clicked in a
 * browser or another app). Bounded, one line, no whitespace: the renderer parses it further.
 */
export const xmppUri = z
  .string()
  .max(4096)
  .regex(/^xmpp:[^\s\p{Cc}]+$/iu, 'not an xmpp: URI');
