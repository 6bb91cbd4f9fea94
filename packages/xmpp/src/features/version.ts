// XEP-0092 Software Version.
import {
  buildIqResult,
  capText,
  childIn,
  iqPayload,
  iqType,
  requireJid,
  xml,
  type Element,
  type JidInput,
} from '../stanza.js';

export const NS_VERSION = 'jabber:iq:version';

export function isVersionRequest(iq: Element): boolean {
  const payload = iqPayload(iq);
  return iqType(iq) === 'get' && payload?.getName() === 'query' && payload.getNS() === NS_VERSION;
}

/**
 * Answer a version request with name and version only: the optional `<os/>` is left out on
 * purpose, it tells any stranger which exploits to try (as Conversations and Dino do).
 * Null when `iq` is not a version request or has no id.
 */
export function buildVersionResponse(
  iq: Element,
  version: string,
  name = 'Parley',
): Element | null {
  if (!isVersionRequest(iq)) return null;
  return buildIqResult(
    iq,
    xml('query', { xmlns: NS_VERSION }, xml('name', {}, name), xml('version', {}, version)),
  );
}

/** A contact's client as its version answer tells it (bounded texts). */
export interface SoftwareVersion {
  name: string;
  version: string;
  /** '' when the client keeps its OS to itself (as Parley does). */
  os: string;
}

const MAX_VERSION_TEXT = 256;

/** Ask a resource (full JID) which client it runs. */
export function buildVersionQuery(to: JidInput): Element {
  return xml(
    'iq',
    { type: 'get', to: requireJid(to).toString() },
    xml('query', { xmlns: NS_VERSION }),
  );
}

/** The answer of a version result; null when it names no client. */
export function parseVersionResult(iq: Element): SoftwareVersion | null {
  const query = childIn(iq, 'query', NS_VERSION);
  if (!query) return null;
  const text = (name: string) =>
    capText(childIn(query, name, NS_VERSION)?.getText().trim() ?? '', MAX_VERSION_TEXT);
  const name = text('name');
  return name ? { name, version: text('version'), os: text('os') } : null;
}
