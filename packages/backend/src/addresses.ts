import { bareOf, parseJid, type JID } from '@parley/xmpp';
import { HandlerError } from './handler-types.js';

/**
 * The one way a command's address (contract text) becomes a JID in the backend. The contract
 * already refuses what has no JID shape; this parses with @xmpp/jid (normalising, PRECIS
 * checks) and answers anything it still cannot take with a typed `invalid-payload` error in
 * words, never a TypeError from deeper down.
 */
export function parseAddress(text: string): JID {
  const parsed = parseJid(text);
  if (!parsed) throw invalidAddress(text, 'name@server');
  return parsed;
}

/** A user's or a room's address (name@server), as its bare JID text; a resource is dropped. */
export function parseBareAddress(text: string): string {
  const parsed = parseJid(text);
  if (!parsed?.local) throw invalidAddress(text, 'name@server');
  return bareOf(parsed);
}

/** A service's address (conference.example.org): a domain only. */
export function parseServiceAddress(text: string): string {
  const parsed = parseJid(text);
  if (!parsed || parsed.local || parsed.resource) throw invalidAddress(text, 'a server name');
  return parsed.toString();
}

function invalidAddress(text: string, expected: string): HandlerError {
  return new HandlerError(
    'invalid-payload',
    `Not a valid address: "${text.slice(0, 100)}" (expected ${expected})`,
  );
}
