// The server's XEP-0065 proxy: found among its disco#items by the identity proxy/bytestreams,
// asked for its streamhost (host and port). Looked up once per server and XMPP session; a
// server without one (or one that refuses us) just means no proxy candidate.
import {
  buildDiscoInfoQuery,
  buildDiscoItemsQuery,
  buildStreamhostQuery,
  parseDiscoInfo,
  parseDiscoItems,
  parseStreamhost,
  type Session,
} from '@parley/xmpp';

export interface Streamhost {
  jid: string;
  host: string;
  port: number;
}

const ASK_MS = 5_000;
/** Items of the server looked at: a proxy is among the first few components. */
const MAX_ITEMS = 16;

export class ProxyFinder {
  private readonly found = new WeakMap<Session, Promise<Streamhost | null>>();

  find(session: Session): Promise<Streamhost | null> {
    let known = this.found.get(session);
    if (!known) {
      known = lookUp(session).catch(() => null);
      this.found.set(session, known);
    }
    return known;
  }
}

async function lookUp(session: Session): Promise<Streamhost | null> {
  const items = parseDiscoItems(await session.iq(buildDiscoItemsQuery(session.domain), ASK_MS));
  for (const item of items.slice(0, MAX_ITEMS)) {
    if (item.node) continue;
    const answer = await session.iq(buildDiscoInfoQuery(item.jid), ASK_MS).catch(() => null);
    const info = answer ? parseDiscoInfo(answer) : null;
    if (!info?.identities.some((i) => i.category === 'proxy' && i.type === 'bytestreams')) continue;
    const host = parseStreamhost(await session.iq(buildStreamhostQuery(item.jid), ASK_MS));
    if (host) return host;
  }
  return null;
}
