// What a server says about itself: XEP-0157 contact addresses (in its disco#info extended
// form), XEP-0092 software version and XEP-0012 last activity (a server answers its uptime).
import { capText, childIn, iqType, type Element } from '../stanza.js';
import type { DiscoInfo } from './disco.js';
import { NS_LAST } from './last-activity.js';

export const NS_SERVERINFO = 'http://jabber.org/network/serverinfo';

const MAX_TEXT = 256;
const MAX_ADDRESSES = 32;
/** Uptimes beyond a century are nonsense; anything larger is refused. */
const MAX_SECONDS = 100 * 365 * 24 * 3600;

export interface ContactAddresses {
  /** The field var (admin-addresses, abuse-addresses, support-addresses, ...). */
  kind: string;
  addresses: string[];
}

/** XEP-0157: the contact address fields of a disco#info's serverinfo form, in form order. */
export function parseContactAddresses(info: DiscoInfo): ContactAddresses[] {
  const form = info.forms.find((f) => f.formType === NS_SERVERINFO);
  if (!form) return [];
  return form.fields
    .filter((f) => f.var.endsWith('-addresses'))
    .map((f) => ({
      kind: f.var,
      addresses: f.values
        .slice(0, MAX_ADDRESSES)
        .map((v) => capText(v.trim(), MAX_TEXT))
        .filter((v) => v.length > 0),
    }))
    .filter((c) => c.addresses.length > 0);
}

/** XEP-0012 `seconds` (asked of a server: its uptime); null when absent or not a sane count. */
export function parseLastActivity(iq: Element): number | null {
  if (iqType(iq) !== 'result') return null;
  const query = childIn(iq, 'query', NS_LAST);
  const raw = query?.attrs.seconds;
  if (typeof raw !== 'string' || !/^\d{1,12}$/u.test(raw)) return null;
  const seconds = Number(raw);
  return seconds <= MAX_SECONDS ? seconds : null;
}
