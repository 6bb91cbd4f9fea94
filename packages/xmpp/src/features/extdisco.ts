// XEP-0215 External Service Discovery: the STUN and TURN servers our own server offers, with
// the time-limited TURN credentials it hands out (Prosody's mod_turn_external, ejabberd's
// mod_stun_disco), turned into RTCPeerConnection ICE servers.
import { iceServer, type IceServer } from '@parley/contract';
import {
  childIn,
  childrenIn,
  iqType,
  isFromOwnAccount,
  parseDateTime,
  xml,
  type Element,
  type JID,
} from '../stanza.js';

export const NS_EXTDISCO = 'urn:xmpp:extdisco:2';

/** More services than this in one answer are not read (the contract allows 16). */
const MAX_SERVICES = 16;

/** `<iq type='get' to=server><services xmlns='urn:xmpp:extdisco:2'/></iq>` (§3.1). */
export function buildServicesQuery(server: string): Element {
  return xml('iq', { type: 'get', to: server }, xml('services', { xmlns: NS_EXTDISCO }));
}

/** `<credentials/>` for one restricted service the list gave without them (§3.3). */
export function buildCredentialsQuery(server: string, host: string, type: string): Element {
  return xml(
    'iq',
    { type: 'get', to: server },
    xml('credentials', { xmlns: NS_EXTDISCO }, xml('service', { host, type })),
  );
}

function hostPart(host: string): string {
  // An IPv6 literal goes in brackets in a STUN/TURN URI (RFC 7064/7065).
  return host.includes(':') ? `[${host}]` : host;
}

/** One `<service/>` as an ICE server; null when it is no STUN/TURN or outside the schema. */
function toIceServer(s: Element): IceServer | null {
  const { type, host, port, transport, username, password, expires } = s.attrs;
  if (type !== 'stun' && type !== 'turn' && type !== 'turns') return null;
  if (typeof host !== 'string' || !/^[0-9A-Za-z.:-]{1,253}$/u.test(host)) return null;
  const portPart = typeof port === 'string' && /^\d{1,5}$/u.test(port) ? `:${port}` : '';
  const transportPart =
    type !== 'stun' && (transport === 'udp' || transport === 'tcp')
      ? `?transport=${transport}`
      : '';
  const parsed = iceServer.safeParse({
    urls: [`${type}:${hostPart(host)}${portPart}${transportPart}`],
    ...(typeof username === 'string' ? { username } : {}),
    ...(typeof password === 'string' ? { credential: password } : {}),
    expiresAt: parseDateTime(expires),
  });
  return parsed.success ? parsed.data : null;
}

/**
 * The servers in a services or credentials result from our own server; null for anything
 * else. Services of other kinds (e.g. an upload service) and malformed ones are left out.
 */
export function parseServices(iq: Element, own: JID): IceServer[] | null {
  // Our server answers from its domain (or, asked without `to`, for our account).
  const fromServer = iq.attrs.from === own.domain || isFromOwnAccount(iq.attrs.from, own);
  if (iqType(iq) !== 'result' || !fromServer) return null;
  const list = childIn(iq, 'services', NS_EXTDISCO) ?? childIn(iq, 'credentials', NS_EXTDISCO);
  if (!list) return null;
  return childrenIn(list, 'service', NS_EXTDISCO)
    .slice(0, MAX_SERVICES)
    .map(toIceServer)
    .filter((s): s is IceServer => s !== null);
}

/** TURN servers that need credentials the list did not carry (restricted='1' without them). */
export function servicesNeedingCredentials(iq: Element): Array<{ host: string; type: string }> {
  const list = childIn(iq, 'services', NS_EXTDISCO);
  if (!list) return [];
  return childrenIn(list, 'service', NS_EXTDISCO)
    .filter((s) => {
      const restricted = s.attrs.restricted === '1' || s.attrs.restricted === 'true';
      return restricted && s.attrs.username === undefined && typeof s.attrs.host === 'string';
    })
    .slice(0, MAX_SERVICES)
    .map((s) => ({ host: String(s.attrs.host), type: String(s.attrs.type) }));
}
