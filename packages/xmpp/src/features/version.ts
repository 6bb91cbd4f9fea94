// XEP-0092 Software Version.
import { buildIqResult, iqPayload, iqType, xml, type Element } from '../stanza.js';

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
