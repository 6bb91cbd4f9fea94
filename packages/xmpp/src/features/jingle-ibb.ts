// XEP-0261 Jingle In-Band Bytestreams transport and XEP-0047 In-Band Bytestreams: the Jingle
// <transport/> (sid, block-size; the responder may only lower it), and the IBB iqs that carry
// the bytes: <open/>, <data/> (base64, seq 0…65535 wrapping), <close/>. Parsers bound every
// number: a block larger than agreed, or data that is not base64, is refused.
import { childIn, iqType, xml, type Element } from '../stanza.js';

export const NS_JINGLE_IBB = 'urn:xmpp:jingle:transports:ibb:1';
export const NS_IBB = 'http://jabber.org/protocol/ibb';

/** XEP-0047 §2: block-size is a 16-bit value; 4096 is the usual default. */
export const IBB_MAX_BLOCK = 65_535;
export const IBB_DEFAULT_BLOCK = 4096;
const SID = /^[\x21-\x7e]{1,128}$/u;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export interface IbbTransport {
  sid: string;
  blockSize: number;
}

export function buildIbbTransport(t: IbbTransport): Element {
  return xml('transport', {
    xmlns: NS_JINGLE_IBB,
    sid: t.sid,
    'block-size': String(t.blockSize),
  });
}

function blockSize(text: unknown): number | null {
  if (typeof text !== 'string' || !/^\d{1,5}$/.test(text)) return null;
  const n = Number(text);
  return n >= 1 && n <= IBB_MAX_BLOCK ? n : null;
}

/** An IBB <transport/>; null when it is none or its sid or block-size is unusable. */
export function parseIbbTransport(transport: Element): IbbTransport | null {
  if (transport.name !== 'transport' || transport.getNS() !== NS_JINGLE_IBB) return null;
  const { sid } = transport.attrs;
  const size = blockSize(transport.attrs['block-size']);
  if (typeof sid !== 'string' || !SID.test(sid) || size === null) return null;
  return { sid, blockSize: size };
}

/** `<iq type=set><open block-size sid stanza='iq'/></iq>` (to/id set by the caller). */
export function buildIbbOpen(t: IbbTransport): Element {
  return xml(
    'iq',
    { type: 'set' },
    xml('open', { xmlns: NS_IBB, sid: t.sid, 'block-size': String(t.blockSize), stanza: 'iq' }),
  );
}

export function buildIbbData(sid: string, seq: number, bytes: Uint8Array): Element {
  return xml(
    'iq',
    { type: 'set' },
    xml(
      'data',
      { xmlns: NS_IBB, sid, seq: String(seq & 0xffff) },
      Buffer.from(bytes).toString('base64'),
    ),
  );
}

export function buildIbbClose(sid: string): Element {
  return xml('iq', { type: 'set' }, xml('close', { xmlns: NS_IBB, sid }));
}

export type IbbIq =
  | { kind: 'open'; sid: string; blockSize: number; stanza: 'iq' | 'message' }
  | { kind: 'data'; sid: string; seq: number; data: Buffer }
  | { kind: 'close'; sid: string };

/**
 * An IBB iq set: open, data or close. Null when it is no IBB iq; `{ rejected }` when it is one
 * but malformed (answered bad-request). Data is decoded here; its size against the agreed
 * block-size is the caller's check.
 */
export function parseIbbIq(iq: Element): IbbIq | { rejected: string } | null {
  if (iqType(iq) !== 'set') return null;
  const el = iq.getChildElements().find((c) => c.getNS() === NS_IBB);
  if (!el) return null;
  const sid = el.attrs.sid;
  if (typeof sid !== 'string' || !SID.test(sid)) return { rejected: 'sid' };
  if (el.name === 'open') {
    const size = blockSize(el.attrs['block-size']);
    const stanza = el.attrs.stanza ?? 'iq';
    if (size === null || (stanza !== 'iq' && stanza !== 'message')) return { rejected: 'open' };
    return { kind: 'open', sid, blockSize: size, stanza };
  }
  if (el.name === 'close') return { kind: 'close', sid };
  if (el.name === 'data') {
    const seqText = el.attrs.seq;
    if (typeof seqText !== 'string' || !/^\d{1,5}$/.test(seqText) || Number(seqText) > 0xffff) {
      return { rejected: 'seq' };
    }
    const text = el.getText().replace(/\s+/g, '');
    // Base64 of a 64 KiB block is under 90,000 characters: anything longer is refused unread.
    if (text.length > 90_000 || !BASE64.test(text)) return { rejected: 'data' };
    return { kind: 'data', sid, seq: Number(seqText), data: Buffer.from(text, 'base64') };
  }
  return { rejected: 'element' };
}

/** The element an IBB iq carries, for finding its sid before parsing it whole. */
export function ibbSidOf(iq: Element): string | null {
  const el =
    childIn(iq, 'open', NS_IBB) ?? childIn(iq, 'data', NS_IBB) ?? childIn(iq, 'close', NS_IBB);
  return typeof el?.attrs.sid === 'string' ? el.attrs.sid : null;
}
