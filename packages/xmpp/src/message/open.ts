// Unwraps and parses one incoming message stanza, once: an archive result (XEP-0313) or a carbon
// (XEP-0280) is opened with its sender checks, the incoming transforms run, then every content
// part is parsed (see parts.ts).
import { unwrapCarbon } from '../features/carbons.js';
import { NS_MAM } from '../features/forward.js';
import { parseMamResult } from '../features/mam.js';
import { childIn, idAttr, parseJid, type Element, type JID } from '../stanza.js';
import type {
  EnvelopeHead,
  EnvelopeRejection,
  IncomingMessage,
  MessageOrigin,
  MessageType,
} from './envelope.js';
import { parseParts } from './parts.js';
import type { AsyncIncomingTransform, IncomingTransform } from './transforms.js';

export interface OpenContext {
  /** Our account's JID as bound (full) or bare: absent addresses default to it. */
  own: JID;
  /**
   * The archive a running query asks (a room's bare JID), by query id; undefined for our own
   * archive and for unknown query ids (held to our own archive's sender rule).
   */
  archiveOf?: (queryId: string) => string | undefined;
  /** The decrypt seam, in order; empty today. */
  transforms?: readonly IncomingTransform[];
  /**
   * Transforms that need asynchronous work (decryption), asked after the synchronous ones: the
   * first that claims the message is noted on the envelope (`awaiting`) for the backend to run.
   */
  asyncTransforms?: readonly AsyncIncomingTransform[];
}

const TYPES: readonly string[] = ['chat', 'normal', 'groupchat', 'headline', 'error'];

/** Opens a `<message/>` stanza. Every other stanza gives an IncomingMessage with no envelope. */
export function openMessage(stanza: Element, ctx: OpenContext): IncomingMessage {
  const unwrapped = unwrap(stanza, ctx);
  if ('reason' in unwrapped) return { stanza, envelope: null, rejected: unwrapped };
  if (unwrapped.content === null) return { stanza, envelope: null, rejected: null };
  const { content, origin } = unwrapped;
  let head = headOf(stanza, content, origin, ctx.own);
  for (const transform of ctx.transforms ?? []) {
    const replaced = transform.apply(head);
    if (replaced) head = { ...head, content: replaced };
  }
  const parts = parseParts(head.content, head);
  const awaiting = claimedBy(head, ctx.asyncTransforms);
  return {
    stanza,
    envelope: awaiting ? { ...head, parts, awaiting } : { ...head, parts },
    rejected: null,
  };
}

function claimedBy(
  head: EnvelopeHead,
  transforms: readonly AsyncIncomingTransform[] | undefined,
): AsyncIncomingTransform | undefined {
  if (!transforms) return undefined;
  for (const transform of transforms) {
    try {
      if (transform.claims(head)) return transform;
    } catch {
      // A claim must not throw; one that does is not the transform's message.
    }
  }
  return undefined;
}

type Unwrapped =
  { content: Element; origin: MessageOrigin } | { content: null } | EnvelopeRejection;

function unwrap(stanza: Element, ctx: OpenContext): Unwrapped {
  if (stanza.getName() !== 'message') return { content: null };
  // An archive result first: it is the wrapper the history consumes whatever else it holds.
  const result = childIn(stanza, 'result', NS_MAM);
  if (result) {
    const queryId = result.attrs.queryid;
    const archive = typeof queryId === 'string' ? ctx.archiveOf?.(queryId) : undefined;
    const parsed = parseMamResult(stanza, {
      ownBareJid: ctx.own,
      ...(archive ? { archiveJid: archive } : {}),
    });
    if (!parsed) return { content: null };
    if ('rejected' in parsed) return { wrapper: 'archive', reason: parsed.rejected };
    const { archiveId, delay } = parsed;
    return {
      content: parsed.forwarded,
      origin: { kind: 'archive', queryId: parsed.queryId, archiveId, delay },
    };
  }
  const carbon = unwrapCarbon(stanza, ctx.own);
  if (carbon && 'rejected' in carbon) return { wrapper: 'carbon', reason: carbon.rejected };
  if (carbon) {
    return { content: carbon.forwarded, origin: { kind: 'carbon', direction: carbon.direction } };
  }
  return { content: stanza, origin: { kind: 'live' } };
}

function headOf(
  received: Element,
  content: Element,
  origin: MessageOrigin,
  own: JID,
): EnvelopeHead {
  const rawType = content.attrs.type;
  const type = (TYPES.includes(rawType as string) ? rawType : 'normal') as MessageType;
  const { from, to } = content.attrs as { from?: string; to?: string };
  return {
    received,
    origin,
    content,
    type,
    from: from === undefined ? own.bare() : parseJid(from),
    to: to === undefined ? own : parseJid(to),
    id: idAttr(content, 'id'),
  };
}
