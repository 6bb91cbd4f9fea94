import { jid, openMessage, type Element, type MessageEnvelope } from '@parley/xmpp';
import type { ArchivedItem } from '../runtime/archive-pages.js';

/** A message stanza opened as the router opens a live one, for our account `own`. */
export function envelopeOf(stanza: Element, own: string): MessageEnvelope {
  const { envelope } = openMessage(stanza, { own: jid(own) });
  if (!envelope) throw new Error(`not an openable message: ${stanza.toString().slice(0, 200)}`);
  return envelope;
}

/** `forwarded` as an archive result of query 'test' (the sender rule is the opener's test). */
export function archivedOf(
  forwarded: Element,
  own: string,
  archiveId: string,
  delay: number | null,
): ArchivedItem {
  const envelope = envelopeOf(forwarded, own);
  return { ...envelope, origin: { kind: 'archive', queryId: 'test', archiveId, delay } };
}
