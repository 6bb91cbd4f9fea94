// XEP-0012 Last Activity, asked of a contact's bare JID while they are offline: the server
// answers (Prosody's mod_lastactivity) with the seconds since they logged out and their last
// status. Asked of a full JID it would be idle time; Parley only asks the bare JID.
import { capText, childIn, requireJid, xml, type Element, type JidInput } from '../stanza.js';
import { MAX_STATUS } from './presence.js';

export const NS_LAST = 'jabber:iq:last';
/** More than this many seconds (about 100 years) is no real answer. */
const MAX_SECONDS = 100 * 365 * 24 * 3600;

export interface LastActivity {
  /** Seconds since the contact's last logout, as the server counts. */
  seconds: number;
  /** The status text of their last unavailable presence ('' when none). */
  status: string;
}

export function buildLastActivityQuery(to: JidInput): Element {
  return xml(
    'iq',
    { type: 'get', to: requireJid(to).toString() },
    xml('query', { xmlns: NS_LAST }),
  );
}

/** The answer of a last-activity result; null when it has none or a nonsense count. */
export function parseLastActivityResult(iq: Element): LastActivity | null {
  const query = childIn(iq, 'query', NS_LAST);
  const text = query?.attrs.seconds;
  if (!query || typeof text !== 'string' || !/^\d{1,10}$/.test(text)) return null;
  const seconds = Number(text);
  if (seconds > MAX_SECONDS) return null;
  return { seconds, status: capText(query.getText().trim(), MAX_STATUS) };
}
