// Which device of a contact takes a direct transfer: its online resources (presence), each
// asked once per session for its disco#info (XEP-0030; the answer is cached per full JID, as
// XEP-0115 lets a client cache by caps), the one that announces XEP-0234 and a transport we
// share, highest presence priority first.
import {
  NS_JINGLE_FT,
  buildDiscoInfoQuery,
  jid,
  parseDiscoInfo,
  type JID,
  type Session,
} from '@parley/xmpp';
import type { AccountScope } from '../../account-scope.js';
import { sharedTransports, type DirectTransportKind } from './transport.js';

/** Full JIDs whose features are remembered; more is no contact list. */
const MAX_CACHED = 512;
const DISCO_TIMEOUT_MS = 5_000;

export interface DirectDevice {
  device: JID;
  kinds: DirectTransportKind[];
}

export class PeerDevices {
  private readonly features = new Map<string, Promise<string[]>>();

  constructor(private readonly scope: AccountScope) {}

  /** The best device of `peer` (a bare JID) for a direct transfer now, or null. */
  async find(
    session: Session,
    peer: string,
    kinds: readonly DirectTransportKind[],
  ): Promise<DirectDevice | null> {
    const resources = [...this.scope.presence.resources(peer)].sort(
      (a, b) => b.priority - a.priority,
    );
    for (const r of resources) {
      const device = jid(`${peer}/${r.resource}`);
      const features = await this.featuresOf(session, device);
      if (!features.includes(NS_JINGLE_FT)) continue;
      const shared = sharedTransports(kinds, features);
      if (shared.length > 0) return { device, kinds: shared };
    }
    return null;
  }

  private featuresOf(session: Session, device: JID): Promise<string[]> {
    const key = device.toString();
    const known = this.features.get(key);
    if (known) return known;
    if (this.features.size >= MAX_CACHED) this.features.clear();
    const asked = session
      .iq(buildDiscoInfoQuery(device), DISCO_TIMEOUT_MS)
      .then((iq) => parseDiscoInfo(iq)?.features ?? [])
      .catch(() => {
        // Not cached: the device may answer next time.
        this.features.delete(key);
        return [] as string[];
      });
    this.features.set(key, asked);
    return asked;
  }

  /** A new session: devices and their features may have changed. */
  clear(): void {
    this.features.clear();
  }
}
