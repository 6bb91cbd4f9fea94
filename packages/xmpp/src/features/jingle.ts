// XEP-0166 Jingle: the session iqs (initiate, accept, terminate, transport-info, content-*,
// session-info) and their answers. What a content holds (RTP, ICE) is jingle-rtp.ts's and
// jingle-ice.ts's; this module only frames it and checks what every Jingle iq must carry.
import { childIn, idAttr, iqType, parseJid, xml, type Element } from '../stanza.js';
import { buildIqError, type ErrorCondition, type ErrorType } from './errors.js';
import type { JID } from '../stanza.js';

export const NS_JINGLE = 'urn:xmpp:jingle:1';
export const NS_JINGLE_ERRORS = 'urn:xmpp:jingle:errors:1';

export const JINGLE_ACTIONS = [
  'session-initiate',
  'session-accept',
  'session-terminate',
  'session-info',
  'transport-info',
  'content-add',
  'content-accept',
  'content-reject',
  'content-remove',
  'content-modify',
  'description-info',
  'security-info',
  'transport-accept',
  'transport-reject',
  'transport-replace',
] as const;
export type JingleAction = (typeof JINGLE_ACTIONS)[number];

/** XEP-0166 §7.4 reason conditions (the ones a call can end with). */
export const JINGLE_REASONS = [
  'alternative-session',
  'busy',
  'cancel',
  'connectivity-error',
  'decline',
  'expired',
  'failed-application',
  'failed-transport',
  'general-error',
  'gone',
  'incompatible-parameters',
  'media-error',
  'security-error',
  'success',
  'timeout',
  'unsupported-applications',
  'unsupported-transports',
] as const;
export type JingleReason = (typeof JINGLE_REASONS)[number];

/** XEP-0167 §7 session-info payloads we send and understand. */
export const RTP_INFO = ['active', 'hold', 'unhold', 'mute', 'unmute', 'ringing'] as const;
export type RtpInfo = (typeof RTP_INFO)[number];
export const NS_JINGLE_RTP_INFO = 'urn:xmpp:jingle:apps:rtp:info:1';

/** A session id as XEP-0166 and XEP-0353 carry it (bounded, printable). */
const SID = /^[\x21-\x7e]{1,128}$/u;
/** A reason's text is cut here: it is shown to nobody but logs. */
const MAX_REASON_TEXT = 256;

export interface JingleIq {
  /** The iq's sender (a full JID: a device). */
  from: JID;
  action: JingleAction;
  sid: string;
  initiator: string | null;
  responder: string | null;
  /** The `<jingle/>` element, for the content parsers. */
  jingle: Element;
  reason: { condition: JingleReason; text: string | null } | null;
  /** session-info: the RTP info element's name (ringing, mute...), null for a ping. */
  info: RtpInfo | null;
}

export interface JingleParts {
  sid: string;
  initiator?: string;
  responder?: string;
  contents?: readonly Element[];
  /** Elements beside the contents (a XEP-0338 group). */
  extra?: readonly Element[];
  reason?: JingleReason;
  info?: RtpInfo;
}

/** `<iq type='set'><jingle action=… sid=…>…</jingle></iq>`, without `to`/`id` (set by the caller). */
export function buildJingle(action: JingleAction, parts: JingleParts): Element {
  const attrs: Record<string, string> = { xmlns: NS_JINGLE, action, sid: parts.sid };
  if (parts.initiator) attrs.initiator = parts.initiator;
  if (parts.responder) attrs.responder = parts.responder;
  const children: Element[] = [...(parts.contents ?? []), ...(parts.extra ?? [])];
  if (parts.reason) children.push(xml('reason', {}, xml(parts.reason)));
  if (parts.info) children.push(xml(parts.info, { xmlns: NS_JINGLE_RTP_INFO }));
  return xml('iq', { type: 'set' }, xml('jingle', attrs, children));
}

/**
 * A Jingle iq set from a full JID, with a known action and a bounded sid; null for anything
 * else (not Jingle, or malformed: the caller answers bad-request). Contents are not read here.
 */
export function parseJingleIq(iq: Element): JingleIq | { rejected: 'malformed' } | null {
  if (iqType(iq) !== 'set') return null;
  const jingle = childIn(iq, 'jingle', NS_JINGLE);
  if (!jingle) return null;
  const from = parseJid(iq.attrs.from);
  const action = jingle.attrs.action as JingleAction;
  const sid = jingle.attrs.sid;
  if (!from?.resource || !idAttr(iq, 'id') || !JINGLE_ACTIONS.includes(action)) {
    return { rejected: 'malformed' };
  }
  if (typeof sid !== 'string' || !SID.test(sid)) return { rejected: 'malformed' };
  const info = jingle.getChildElements().find((c) => c.getNS() === NS_JINGLE_RTP_INFO);
  return {
    from,
    action,
    sid,
    initiator: typeof jingle.attrs.initiator === 'string' ? jingle.attrs.initiator : null,
    responder: typeof jingle.attrs.responder === 'string' ? jingle.attrs.responder : null,
    jingle,
    reason: parseReason(jingle),
    info:
      info && (RTP_INFO as readonly string[]).includes(info.name) ? (info.name as RtpInfo) : null,
  };
}

/** A `<reason/>` (XEP-0166 §7.4) in a Jingle or XEP-0353 element; unknown conditions: none. */
export function parseReason(parent: Element): JingleIq['reason'] {
  const reason = childIn(parent, 'reason', NS_JINGLE) ?? childIn(parent, 'reason', parent.getNS());
  if (!reason) return null;
  const condition = reason
    .getChildElements()
    .map((c) => c.name)
    .find((name) => (JINGLE_REASONS as readonly string[]).includes(name));
  if (!condition) return null;
  const text = reason.getChildText('text');
  return {
    condition: condition as JingleReason,
    text: text ? text.slice(0, MAX_REASON_TEXT) : null,
  };
}

/** A `<reason xmlns='urn:xmpp:jingle:1'/>` for XEP-0353 messages. */
export function reasonElement(condition: JingleReason): Element {
  return xml('reason', { xmlns: NS_JINGLE }, xml(condition));
}

export type JingleErrorKind = 'unknown-session' | 'out-of-order' | 'tie-break' | 'unsupported-info';

const ERROR_CONDITION: Record<JingleErrorKind, [ErrorCondition, ErrorType]> = {
  'unknown-session': ['item-not-found', 'cancel'],
  'out-of-order': ['unexpected-request', 'wait'],
  'tie-break': ['conflict', 'cancel'],
  'unsupported-info': ['feature-not-implemented', 'modify'],
};

/**
 * The XEP-0166 §10 error answer: the stanza condition with the Jingle-specific one beside it.
 * Null for an iq that is no set or has no id (never answered).
 */
export function buildJingleError(iq: Element, kind: JingleErrorKind): Element | null {
  if (iqType(iq) !== 'set') return null;
  const [condition, type] = ERROR_CONDITION[kind];
  const answer = buildIqError(iq, condition, type);
  answer?.getChild('error')?.append(xml(kind, { xmlns: NS_JINGLE_ERRORS }));
  return answer;
}
