// XEP-0353 Jingle Message Initiation: propose, ringing, proceed, accept, reject, retract and
// finish. Sent as type='chat' with a <store/> hint, as Conversations does, so the server
// carbon-copies them to our other devices and archives them (missed calls survive offline).
import type { CallMedia } from '@parley/contract';
import { childrenIn, newId, xml, type Element, type JidInput } from '../stanza.js';
import { toJid } from '../stanza.js';
import { storeHint } from './hints.js';
import { parseReason, reasonElement, type JingleIq, type JingleReason } from './jingle.js';
import { NS_JINGLE_RTP } from './jingle-rtp.js';

export const NS_JMI = 'urn:xmpp:jingle-message:0';
export const NS_ORIGIN_ID = 'urn:xmpp:sid:0';

export const JMI_ACTIONS = [
  'propose',
  'ringing',
  'proceed',
  'accept',
  'reject',
  'retract',
  'finish',
] as const;
export type JmiAction = (typeof JMI_ACTIONS)[number];

const SID = /^[\x21-\x7e]{1,128}$/u;

export interface JmiMessage {
  action: JmiAction;
  sid: string;
  /** propose: the media its RTP descriptions name (audio first); empty for other actions. */
  media: CallMedia[];
  reason: JingleIq['reason'];
  /** A reject or retract that settles two proposes crossing each other (XEP-0353 §8.1). */
  tieBreak: boolean;
}

/**
 * A JMI message to `to`: type chat, an origin-id (XEP-0359) and a store hint (XEP-0334). A
 * propose names its media; reject, retract and finish may carry a XEP-0166 reason.
 */
export function buildJmi(
  to: JidInput,
  action: JmiAction,
  sid: string,
  options: { media?: readonly CallMedia[]; reason?: JingleReason; tieBreak?: boolean } = {},
): Element {
  const address = toJid(to);
  if (!address) throw new TypeError('invalid JMI address');
  const id = newId();
  const children: Element[] = [];
  if (action === 'propose') {
    for (const media of options.media ?? []) {
      children.push(xml('description', { xmlns: NS_JINGLE_RTP, media }));
    }
  }
  if (options.reason) children.push(reasonElement(options.reason));
  // In the JMI namespace, as the parent's child without its own xmlns.
  if (options.tieBreak) children.push(xml('tie-break'));
  return xml(
    'message',
    { to: address.toString(), type: 'chat', id },
    xml(action, { xmlns: NS_JMI, id: sid }, ...children),
    storeHint(),
    xml('origin-id', { xmlns: NS_ORIGIN_ID, id }),
  );
}

/**
 * The JMI element of a message (its content, once a carbon or archive wrapper is off); null
 * when it has none, or when its id or action is not one XEP-0353 knows. A propose without an
 * RTP description (a file-transfer propose) is null too: it is no call.
 */
export function parseJmi(content: Element): JmiMessage | null {
  const el = content.getChildElements().find((c) => c.getNS() === NS_JMI);
  if (!el || !(JMI_ACTIONS as readonly string[]).includes(el.name)) return null;
  const sid = el.attrs.id;
  if (typeof sid !== 'string' || !SID.test(sid)) return null;
  const action = el.name as JmiAction;
  const media: CallMedia[] = [];
  if (action === 'propose') {
    for (const d of childrenIn(el, 'description', NS_JINGLE_RTP)) {
      const m = d.attrs.media;
      if ((m === 'audio' || m === 'video') && !media.includes(m)) media.push(m);
    }
    if (media.length === 0) return null;
    media.sort();
  }
  const tieBreak = el
    .getChildElements()
    .some((c) => c.name === 'tie-break' && c.getNS() === NS_JMI);
  return { action, sid, media, reason: parseReason(el), tieBreak };
}

/**
 * XEP-0353 §8.1: of two proposes crossing each other, the one with the lower session id wins
 * ("i;octet" order, RFC 4790); for equal ids the one sent by the lower JID. True when the
 * propose `ours` (sent by `own`) wins over `theirs` (sent by `peer`).
 */
export function proposeWins(ours: string, theirs: string, own: string, peer: string): boolean {
  const bySid = Buffer.compare(Buffer.from(ours, 'utf8'), Buffer.from(theirs, 'utf8'));
  if (bySid !== 0) return bySid < 0;
  return Buffer.compare(Buffer.from(own, 'utf8'), Buffer.from(peer, 'utf8')) < 0;
}

/** Whether a message carries any XEP-0353 element (consumed even when malformed). */
export function hasJmi(content: Element): boolean {
  return content.getChildElements().some((c) => c.getNS() === NS_JMI);
}
