// The service discovery browser's view of one JID (and node): disco#info and one page of
// disco#items, asked at once, each with its own timeout; a failure of one still shows the other.
import type { DiscoEntity } from '@parley/contract';
import {
  buildDiscoInfoQuery,
  buildDiscoItemsPage,
  parseDiscoInfo,
  parseDiscoItemsPage,
  type Session,
} from '@parley/xmpp';
import { iqFailure } from './iq-words.js';

/** Items shown per page; without paging, the first this many (and the view says so). */
export const DISCO_PAGE = 500;
export const DISCO_TIMEOUT_MS = 15_000;

export async function browseEntity(
  session: Pick<Session, 'iq'>,
  jid: string,
  node: string | null,
  after: string | null,
): Promise<DiscoEntity> {
  const where = node ? `${jid} (node ${node})` : jid;
  const infoQuery = buildDiscoInfoQuery(jid, node ?? undefined);
  const [info, items] = await Promise.allSettled([
    after ? Promise.resolve(null) : session.iq(infoQuery, DISCO_TIMEOUT_MS),
    session.iq(buildDiscoItemsPage(jid, node, DISCO_PAGE, after), DISCO_TIMEOUT_MS),
  ]);
  const parsedInfo = info.status === 'fulfilled' && info.value ? parseDiscoInfo(info.value) : null;
  const page = items.status === 'fulfilled' ? parseDiscoItemsPage(items.value, DISCO_PAGE) : null;
  return {
    jid,
    node,
    identities: (parsedInfo?.identities ?? []).map((i) => ({
      category: i.category,
      type: i.type,
      name: i.name,
    })),
    features: [...new Set(parsedInfo?.features ?? [])].sort(),
    infoError:
      info.status === 'rejected' ? iqFailure(`Asking ${where} what it is`, info.reason) : null,
    items: page?.items ?? [],
    itemsError:
      items.status === 'rejected' ? iqFailure(`Listing the items of ${where}`, items.reason) : null,
    nextPage: page?.next ?? null,
    totalItems: page?.count ?? null,
    truncated: page?.truncated ?? false,
  };
}
