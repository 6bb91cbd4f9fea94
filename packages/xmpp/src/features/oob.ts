// XEP-0066 Out of Band Data, the message form (`jabber:x:oob`): a URL attached to a message.
// Every client understands it, so a shared file carries one beside the richer XEP-0447 element;
// Conversations and Dino show a file (not a link) when the body is exactly this URL.
import { capText, childIn, childrenIn, xml, type Element } from '../stanza.js';

export const NS_OOB = 'jabber:x:oob';

/** The contract's limit on an attachment URL; longer ones are not URLs we would fetch. */
export const MAX_URL_LENGTH = 8192;
/** Descriptions are display text. */
const MAX_DESC = 1024;
/** A message carries one `<x/>`; a hostile one with thousands costs us only this many looks. */
const MAX_OOB_ELEMENTS = 8;

export interface OobData {
  /** Trimmed, at most MAX_URL_LENGTH; not yet checked for scheme or host (isFetchableUrl). */
  url: string;
  desc: string | null;
}

/** `<x xmlns='jabber:x:oob'><url/><desc/></x>`, to put into a message. */
export function buildOob(url: string, desc?: string): Element {
  return xml('x', { xmlns: NS_OOB }, xml('url', {}, url), desc ? xml('desc', {}, desc) : null);
}

/**
 * The first `jabber:x:oob` element (a direct child of the stanza) that has a usable url: one
 * that is non-empty and at most MAX_URL_LENGTH after trimming the whitespace pretty-printing
 * leaves around it. Null when there is none.
 */
export function parseOob(stanza: Element): OobData | null {
  for (const x of childrenIn(stanza, 'x', NS_OOB).slice(0, MAX_OOB_ELEMENTS)) {
    const urlEl = childIn(x, 'url', NS_OOB);
    if (!urlEl) continue;
    const url = urlEl.getText().trim();
    if (url.length === 0 || url.length > MAX_URL_LENGTH) continue;
    const desc = capText(childIn(x, 'desc', NS_OOB)?.getText().trim() ?? '', MAX_DESC);
    return { url, desc: desc || null };
  }
  return null;
}
