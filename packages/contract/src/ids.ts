import { z } from 'zod';

/** A bare or full JID as text; the backend parses it with @xmpp/jid before use. */
export const jidText = z
  .string()
  .min(3)
  .max(3071)
  .regex(/^[^\s<>'"&]+@?[^\s<>'"&]*$/, 'not a JID');

export const accountId = z.string().min(1).max(64);
