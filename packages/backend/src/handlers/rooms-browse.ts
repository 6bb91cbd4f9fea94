import type { MucService, PublicRoom } from '@parley/contract';
import {
  buildDiscoInfoQuery,
  buildDiscoItemsQuery,
  isMucService,
  jid,
  parseDiscoInfo,
  parseDiscoItems,
  parseRoomInfo,
  type Session,
} from '@parley/xmpp';
import type { Accounts } from '../accounts.js';
import { parseServiceAddress } from '../addresses.js';
import { HandlerError, type HandlerMap } from '../handler-types.js';

/** disco#info queries in flight at once while browsing: fast, without flooding the server. */
const CONCURRENCY = 16;
/** Rooms described with disco#info per listing; the rest show what disco#items gave. */
const MAX_DESCRIBED = 500;

/** Maps with at most `limit` calls in flight; every item gets a result (null on failure). */
async function pooled<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<(R | null)[]> {
  const results: (R | null)[] = new Array<R | null>(items.length).fill(null);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T).catch(() => null);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

async function info(session: Session, to: string) {
  return parseDiscoInfo(await session.iq(buildDiscoInfoQuery(to), 10_000));
}

/** XEP-0045 §6.1–6.4: MUC services of the user's server and the public rooms they host. */
export function browseHandlers(accounts: Accounts): Pick<HandlerMap, 'muc.services' | 'muc.rooms'> {
  return {
    'muc.services': async ({ accountId }) => {
      const runtime = accounts.runtime(accountId);
      const session = runtime.requireOnline();
      const domain = jid(runtime.scope.ownJid).domain;
      const items = parseDiscoItems(await session.iq(buildDiscoItemsQuery(domain), 10_000));
      const infos = await pooled(items.slice(0, 200), CONCURRENCY, (item) =>
        info(session, item.jid),
      );
      const services: MucService[] = [];
      items.forEach((item, i) => {
        const described = infos[i];
        if (!described || !isMucService(described)) return;
        const name = described.identities.find((d) => d.category === 'conference')?.name;
        services.push({ jid: item.jid, name: name ?? item.name ?? item.jid });
      });
      return services;
    },
    'muc.rooms': async ({ accountId, service }) => {
      const session = accounts.runtime(accountId).requireOnline();
      const to = parseServiceAddress(service);
      let items;
      try {
        items = parseDiscoItems(await session.iq(buildDiscoItemsQuery(to), 20_000));
      } catch (error) {
        const condition = (error as { condition?: string | null }).condition;
        throw new HandlerError(
          'failed',
          `${to} did not list its rooms${condition ? ` (${condition})` : ''}`,
        );
      }
      const described = await pooled(items.slice(0, MAX_DESCRIBED), CONCURRENCY, (item) =>
        info(session, item.jid),
      );
      return items.map((item, i): PublicRoom => {
        const d = described[i];
        const parsed = d ? parseRoomInfo(d) : null;
        return {
          jid: item.jid,
          name: parsed?.name || item.name || '',
          description: parsed?.description ?? '',
          occupants: parsed?.occupants ?? null,
          membersOnly: parsed?.features.membersOnly ?? false,
          passwordProtected: parsed?.features.passwordProtected ?? false,
        };
      });
    },
  };
}
