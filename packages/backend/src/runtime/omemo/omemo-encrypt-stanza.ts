/**
 * The stanza an OMEMO message leaves as (see omemo-encrypt.ts): which stanzas have content to
 * hide, and the stanza with its text replaced by the `<encrypted/>` elements.
 */
import {
  childIn,
  NS_EME,
  NS_OMEMO2,
  NS_OMEMO_LEGACY,
  NS_RETRACT,
  NS_RETRACT_0,
  OMEMO_FALLBACK_BODY,
  storeHint,
  xml,
  type Element,
} from '@parley/xmpp';
import type { Candidate } from './omemo-recipients.js';

/** Hints the encrypted message replaces with one <store/>. */
const HINTS_REPLACED = new Set(['store', 'no-store', 'no-permanent-store', 'no-copy']);

/** Whether the stanza has content to hide: a text, which is not a retraction's fallback. */
export function carriesContent(stanza: Element): boolean {
  if (!stanza.getChild('body')) return false;
  return !childIn(stanza, 'retract', NS_RETRACT) && !childIn(stanza, 'retract', NS_RETRACT_0);
}

/**
 * The stanza with its body replaced: the `<encrypted/>` elements, one <store/> hint (servers
 * archive body-less messages only with it), the XEP-0380 marker, and the fallback body when a
 * legacy element is in it (OMEMO 2 alone carries none, XEP-0420).
 */
export function encryptedStanza(
  stanza: Element,
  elements: Element[],
  sentTo: Candidate[],
): Element {
  const legacy = sentTo.some((c) => c.version === 'legacy');
  const out = xml('message', { ...stanza.attrs });
  for (const child of stanza.children) {
    if (typeof child === 'string') continue;
    if (child.getName() === 'body') continue;
    if (child.getNS() === 'urn:xmpp:hints' && HINTS_REPLACED.has(child.getName())) continue;
    out.append(child);
  }
  for (const element of elements) out.append(element);
  out.append(storeHint());
  const ns = legacy ? NS_OMEMO_LEGACY : NS_OMEMO2;
  out.append(xml('encryption', { xmlns: NS_EME, namespace: ns, name: 'OMEMO' }));
  if (legacy) out.append(xml('body', {}, OMEMO_FALLBACK_BODY));
  return out;
}
