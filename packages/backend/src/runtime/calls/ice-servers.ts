// XEP-0215: the STUN/TURN servers (and TURN credentials) our server offers, for the renderer's
// RTCPeerConnection. Kept until the first credentials expire (less a margin, so a call set up
// just before still has working ones), then asked again.
import type { IceServer } from '@parley/contract';
import {
  buildCredentialsQuery,
  buildServicesQuery,
  jid,
  parseServices,
  servicesNeedingCredentials,
  type Session,
} from '@parley/xmpp';
import type { AccountScope } from '../account-scope.js';

/** Credentials are not handed out this close to their expiry. */
const EXPIRY_MARGIN_MS = 5 * 60_000;
/** A list without expiring credentials is asked again after this. */
const PLAIN_TTL_MS = 60 * 60_000;
const QUERY_TIMEOUT_MS = 10_000;
const MAX_SERVERS = 16;

export class IceServers {
  private cached: { servers: IceServer[]; until: number } | null = null;

  constructor(private readonly scope: Pick<AccountScope, 'ownJid'>) {}

  /** The servers; an empty list when offline or when the server offers none. */
  async get(session: Session | null, now = Date.now()): Promise<IceServer[]> {
    if (this.cached && this.cached.until > now) return this.cached.servers;
    if (!session) return [];
    const own = jid(this.scope.ownJid);
    let servers: IceServer[] = [];
    try {
      const reply = await session.iq(buildServicesQuery(session.domain), QUERY_TIMEOUT_MS);
      servers = parseServices(reply, own) ?? [];
      // TURN servers listed without credentials: asked for one by one (§3.3).
      for (const { host, type } of servicesNeedingCredentials(reply).slice(0, 4)) {
        const answer = await session
          .iq(buildCredentialsQuery(session.domain, host, type), QUERY_TIMEOUT_MS)
          .catch(() => null);
        const withCredentials = answer ? (parseServices(answer, own) ?? []) : [];
        servers = [...servers.filter((s) => !sameUrls(s, withCredentials)), ...withCredentials];
      }
    } catch {
      // No XEP-0215 on the server (or no answer): calls go with host candidates only.
      return [];
    }
    servers = servers.slice(0, MAX_SERVERS);
    const expiries = servers.flatMap((s) => (s.expiresAt !== null ? [s.expiresAt] : []));
    const until =
      expiries.length > 0 ? Math.min(...expiries) - EXPIRY_MARGIN_MS : now + PLAIN_TTL_MS;
    this.cached = { servers, until };
    return servers;
  }
}

function sameUrls(a: IceServer, list: IceServer[]): boolean {
  return list.some((b) =>
    b.urls.some((u) => a.urls.some((v) => v.split('?')[0] === u.split('?')[0])),
  );
}
