import {
  buildDiscoInfoQuery,
  buildDiscoItemsQuery,
  findAccountUploadService,
  parseDiscoInfo,
  parseDiscoItems,
  type DiscoInfo,
  type Session,
  type UploadServiceInfo,
} from '@parley/xmpp';

/** Servers list a handful of components; a long list is not worth asking every one of. */
const MAX_ITEMS = 32;
const TIMEOUT_MS = 10_000;

async function info(session: Session, to: string): Promise<DiscoInfo | null> {
  try {
    return parseDiscoInfo(await session.iq(buildDiscoInfoQuery(to), TIMEOUT_MS));
  } catch {
    return null; // One component that does not answer does not hide the others.
  }
}

/**
 * XEP-0363 §2: the upload service is the server itself or one of the items it lists
 * (Prosody: upload.<domain>), whichever has the feature; its form gives the size limit.
 */
export async function discoverUploadService(
  session: Session,
  domain: string,
): Promise<UploadServiceInfo | null> {
  const [server, items] = await Promise.all([
    info(session, domain),
    session
      .iq(buildDiscoItemsQuery(domain), TIMEOUT_MS)
      .then(parseDiscoItems)
      .catch(() => []),
  ]);
  const described = await Promise.all(
    items
      .slice(0, MAX_ITEMS)
      .map(async (item) => ({ jid: item.jid, info: await info(session, item.jid) })),
  );
  const answered = described.filter((d): d is { jid: string; info: DiscoInfo } => d.info !== null);
  return findAccountUploadService(server ? { jid: domain, info: server } : null, answered);
}

/**
 * The account's upload service, asked once per session and kept once found (a server that has
 * none is asked again next time: it may have been offline or reconfigured).
 */
export class UploadServiceCache {
  private cached: { session: Session; found: Promise<UploadServiceInfo | null> } | null = null;

  constructor(private readonly domain: string) {}

  get(session: Session): Promise<UploadServiceInfo | null> {
    if (this.cached?.session === session) return this.cached.found;
    const found = discoverUploadService(session, this.domain);
    const entry = { session, found };
    this.cached = entry;
    const forget = () => {
      if (this.cached === entry) this.cached = null;
    };
    found.then((result) => {
      if (!result) forget();
    }, forget);
    return found;
  }
}
