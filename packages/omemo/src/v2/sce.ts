/**
 * XEP-0420 (Stanza Content Encryption) envelopes as OMEMO 2 profiles them (XEP-0384 0.9 §SCE):
 * `<envelope xmlns='urn:xmpp:sce:1'><content>…</content><rpad>…</rpad><from jid/>[<to jid/>]
 * [<time stamp/>]</envelope>`. `rpad` is always written (random length hides the content's) and
 * ignored on receipt; `from` must name the stanza's sender and `to` its recipient (required in
 * group chats), or the envelope was lifted from another conversation and is refused.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { jid as parseJid } from '@xmpp/jid';
import { Element, Parser, xml } from '@xmpp/xml';
import { fail } from './errors.js';

export const SCE_NS = 'urn:xmpp:sce:1';
/** An envelope is one chat message's elements; anything larger is refused before parsing. */
export const MAX_ENVELOPE_CHARS = 128 * 1024;
const MAX_RPAD = 200;

export interface EnvelopeInput {
  /** The elements that would otherwise be children of <message> (e.g. <body xmlns='jabber:client'>). */
  content: Element[];
  /** Our bare JID, written to <from>. */
  from: string;
  /** The recipient's bare JID (the room's in a group chat); required there. */
  to?: string;
  time?: Date;
}

function randomPadding(): string {
  const length = randomInt(1, MAX_RPAD + 1);
  return randomBytes(length).toString('base64').slice(0, length);
}

export function buildEnvelope(input: EnvelopeInput): string {
  const envelope = xml(
    'envelope',
    { xmlns: SCE_NS },
    xml('content', {}, ...input.content),
    xml('rpad', {}, randomPadding()),
    xml('from', { jid: bareJid(input.from, 'from') }),
    input.to !== undefined ? xml('to', { jid: bareJid(input.to, 'to') }) : null,
    input.time !== undefined ? xml('time', { stamp: input.time.toISOString() }) : null,
  );
  return envelope.toString();
}

export interface EnvelopeExpectations {
  /** The bare JID the stanza came from (for a group chat: the occupant's real JID). */
  from: string;
  /** The bare JID the stanza was addressed to (our own, or the room's). */
  to: string;
  groupchat?: boolean;
}

export interface ParsedEnvelope {
  content: Element[];
  from: string | null;
  to: string | null;
  time: Date | null;
}

function bareJid(value: string, what: string): string {
  try {
    return parseJid(value).bare().toString();
  } catch {
    return fail('envelope', `<${what}> holds an invalid JID`);
  }
}

function sameBare(a: string, b: string, what: string): boolean {
  try {
    return parseJid(a).bare().equals(parseJid(b).bare());
  } catch {
    return fail('envelope', `<${what}> holds an invalid JID`);
  }
}

/** Parses one complete document; a truncated or ill-formed one is an error, not a partial tree. */
function parseDocument(text: string): Element {
  const parser = new Parser();
  let root: Element | null = null;
  let ended = false;
  let error: Error | null = null;
  parser.on('start', (el) => (root = el));
  parser.on('element', (el) => root?.append(el));
  parser.on('end', () => (ended = true));
  parser.on('error', (err) => (error = err));
  try {
    parser.write(text);
    parser.end();
  } catch (e) {
    error = e as Error;
  }
  if (error !== null || root === null || !ended)
    fail('envelope', 'the envelope is not well-formed XML');
  return root;
}

function single(envelope: Element, name: string): Element | null {
  const found = envelope.getChildren(name);
  if (found.length > 1) fail('envelope', `more than one <${name}>`);
  return found[0] ?? null;
}

/**
 * A copy of `el` that means the same outside the envelope: unprefixed names with their namespace
 * in `xmlns` (Python's ElementTree writes `<ns1:body>` and declares ns1 on the envelope root, so
 * a child taken out as it is names no namespace), and the declarations its prefixed attributes
 * need. `parentNs` is the namespace the copy's parent gives it.
 */
function declaredPrefix(el: Element, prefix: string): string | undefined {
  for (let at: Element | null = el, depth = 0; at && depth < 64; at = at.parent, depth++) {
    const ns = (at.attrs as Record<string, string | undefined>)[`xmlns:${prefix}`];
    if (ns !== undefined) return ns;
  }
  return undefined;
}

function standalone(el: Element, parentNs: string | undefined): Element {
  const ns = el.getNS();
  const attrs: Record<string, string> = {};
  for (const [name, value] of Object.entries(el.attrs as Record<string, string>)) {
    if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
    attrs[name] = value;
    const prefix = name.includes(':') ? name.slice(0, name.indexOf(':')) : null;
    const declared = prefix && prefix !== 'xml' ? declaredPrefix(el, prefix) : undefined;
    if (prefix && declared) attrs[`xmlns:${prefix}`] = declared;
  }
  if (ns !== undefined && ns !== parentNs) attrs.xmlns = ns;
  const copy = xml(el.getName(), attrs);
  for (const child of el.children) {
    if (typeof child === 'string') copy.t(child);
    else copy.append(standalone(child, ns));
  }
  return copy;
}

export function parseEnvelope(text: string, expect: EnvelopeExpectations): ParsedEnvelope {
  if (text.length > MAX_ENVELOPE_CHARS) fail('envelope', 'the envelope is too large');
  const envelope = parseDocument(text);
  if (!envelope.is('envelope', SCE_NS)) fail('envelope', 'the payload is not an SCE envelope');
  const content = single(envelope, 'content');
  if (content === null) fail('envelope', 'the envelope has no <content>');
  const fromEl = single(envelope, 'from');
  const toEl = single(envelope, 'to');
  const timeEl = single(envelope, 'time');
  single(envelope, 'rpad'); // rpad is ignored, but only once
  const from = fromEl?.attrs.jid ?? null;
  const to = toEl?.attrs.jid ?? null;
  if (fromEl !== null && from === null) fail('envelope', '<from> without a jid');
  if (toEl !== null && to === null) fail('envelope', '<to> without a jid');
  if (from !== null && !sameBare(from, expect.from, 'from')) {
    fail('envelope', 'the envelope names another sender than the stanza');
  }
  if (to !== null && !sameBare(to, expect.to, 'to')) {
    fail('envelope', 'the envelope names another recipient than the stanza');
  }
  if (expect.groupchat === true && to === null)
    fail('envelope', 'a group chat envelope needs <to>');
  let time: Date | null = null;
  if (timeEl !== null) {
    const stamp = timeEl.attrs.stamp;
    time = stamp === undefined ? null : new Date(stamp);
    if (time === null || Number.isNaN(time.getTime()))
      fail('envelope', '<time> has no valid stamp');
  }
  return {
    content: content.getChildElements().map((child) => standalone(child, undefined)),
    from: from === null ? null : bareJid(from, 'from'),
    to: to === null ? null : bareJid(to, 'to'),
    time,
  };
}
