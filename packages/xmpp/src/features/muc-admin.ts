// XEP-0045 §8–§10: moderator, admin and owner requests (roles, affiliations, destroying rooms).
import type { MucAffiliation, MucRole } from '@parley/contract';
import {
  capText,
  childIn,
  childrenIn,
  iqType,
  parseJid,
  requireJid,
  xml,
  type Element,
  type JidInput,
} from '../stanza.js';
import { MAX_MUC_REASON, NS_MUC_ADMIN, NS_MUC_OWNER } from './muc.js';

/** Members lists of big rooms run to thousands; beyond this is a hostile or broken service. */
export const MAX_AFFILIATION_ITEMS = 10_000;
const AFFILIATIONS: readonly string[] = ['owner', 'admin', 'member', 'outcast', 'none'];

function roomTo(room: JidInput): string {
  return requireJid(room).bare().toString();
}

function reasonEl(reason: string | undefined | null): Element | null {
  return reason ? xml('reason', {}, capText(reason, MAX_MUC_REASON)) : null;
}

function adminSet(room: JidInput, item: Element): Element {
  return xml('iq', { type: 'set', to: roomTo(room) }, xml('query', { xmlns: NS_MUC_ADMIN }, item));
}

/**
 * Change an occupant's role by nick (§8.2 kick = 'none', §8.3–8.4 voice = participant/visitor,
 * §9.6–9.7 moderator). Roles are per visit, hence the nick rather than a JID.
 */
export function buildSetRole(
  room: JidInput,
  nick: string,
  role: MucRole,
  reason?: string,
): Element {
  return adminSet(room, xml('item', { nick, role }, reasonEl(reason)));
}

/**
 * Change a user's affiliation by bare JID (§9.1 ban = 'outcast', §9.3 member, §10.3 owner,
 * §10.6 admin, 'none' removes it). Affiliations are per account, hence the bare JID.
 */
export function buildSetAffiliation(
  room: JidInput,
  user: JidInput,
  affiliation: MucAffiliation,
  reason?: string,
): Element {
  const jid = requireJid(user).bare().toString();
  return adminSet(room, xml('item', { affiliation, jid }, reasonEl(reason)));
}

/** §9.2/§9.5/§10.5/§10.8: ask for everybody with one affiliation (e.g. the ban list). */
export function buildAffiliationListQuery(room: JidInput, affiliation: MucAffiliation): Element {
  return xml(
    'iq',
    { type: 'get', to: roomTo(room) },
    xml('query', { xmlns: NS_MUC_ADMIN }, xml('item', { affiliation })),
  );
}

export interface AffiliationItem {
  jid: string;
  affiliation: MucAffiliation;
  nick: string | null;
  reason: string | null;
}

/** The list in an affiliation query result. Items with an invalid JID are skipped. */
export function parseAffiliationList(iq: Element): AffiliationItem[] {
  if (iqType(iq) !== 'result') return [];
  const query = childIn(iq, 'query', NS_MUC_ADMIN);
  if (!query) return [];
  const out: AffiliationItem[] = [];
  for (const item of childrenIn(query, 'item', NS_MUC_ADMIN)) {
    if (out.length >= MAX_AFFILIATION_ITEMS) break;
    const jid = parseJid(item.attrs.jid);
    if (!jid) continue;
    const affiliation = item.attrs.affiliation;
    const nick = item.attrs.nick;
    const reason = childIn(item, 'reason', NS_MUC_ADMIN)?.getText();
    out.push({
      jid: jid.toString(),
      affiliation:
        affiliation && AFFILIATIONS.includes(affiliation)
          ? (affiliation as MucAffiliation)
          : 'none',
      nick: nick ? capText(nick, 1023) : null,
      reason: reason ? capText(reason, MAX_MUC_REASON) : null,
    });
  }
  return out;
}

/** §10.9: destroy the room, optionally pointing occupants to an alternate room. */
export function buildDestroy(
  room: JidInput,
  reason?: string,
  alternate?: JidInput | null,
): Element {
  return xml(
    'iq',
    { type: 'set', to: roomTo(room) },
    xml(
      'query',
      { xmlns: NS_MUC_OWNER },
      xml(
        'destroy',
        { jid: alternate ? requireJid(alternate).bare().toString() : undefined },
        reasonEl(reason),
      ),
    ),
  );
}
