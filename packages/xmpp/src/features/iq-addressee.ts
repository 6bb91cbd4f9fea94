// RFC 6120 §8.2.3: an iq result or error answers the request with the same id *from the entity
// the request went to*. @xmpp/iq's caller matches by id alone, so whoever learnt or guessed an
// id could answer an upload-slot or disco request in the addressee's place. This wraps the
// caller so that an answer from anyone else is dropped (the request then waits for the real
// answer, or times out).
import type Connection from '@xmpp/connection';
import iqCallerFactory, { type IqCaller } from '@xmpp/iq/caller.js';
import type { MiddlewareApi } from '@xmpp/middleware';
import { bareOf, newId, parseJid, type Element, type JID } from '../stanza.js';

/**
 * Whether `from` may answer an iq sent `to`. A request to our own account or server (no `to`,
 * our bare JID, our domain) is answered by our server: with no `from`, our bare or full JID
 * (RFC 6120 §8.1.2.1), or our domain. Any other addressee must answer from exactly its JID.
 */
export function answersFor(
  to: string | undefined,
  from: string | undefined,
  own: { jid: JID; domain: string },
): boolean {
  const fromJid = from === undefined ? null : parseJid(from);
  if (from !== undefined && !fromJid) return false;
  const toJid = to === undefined ? null : parseJid(to);
  if (to !== undefined && !toJid) return false;
  const ownBare = bareOf(own.jid);
  const isServer = (j: JID) => !j.local && !j.resource && j.domain === own.domain;
  const toOwn = !toJid || toJid.toString() === ownBare || isServer(toJid);
  if (toOwn) {
    return (
      !fromJid ||
      fromJid.toString() === ownBare ||
      fromJid.toString() === own.jid.toString() ||
      isServer(fromJid)
    );
  }
  return fromJid !== null && fromJid.toString() === toJid!.toString();
}

/**
 * @xmpp/iq's caller, with answers checked against the addressee of their request. Call it where
 * the caller would be created: its check runs in the middleware just ahead of the caller's own.
 */
export function addresseeCheckedIqCaller(args: {
  entity: Connection;
  middleware: MiddlewareApi;
  domain: string;
  /** A dropped answer, for diagnostics. */
  onForged?: (answer: Element) => void;
}): IqCaller {
  const { entity, middleware, domain, onForged } = args;
  /** Request id → the `to` it went to; only for requests still waiting. */
  const addressees = new Map<string, string | undefined>();
  middleware.use((ctx, next) => {
    const el = ctx.stanza;
    if (el.name !== 'iq' || (el.attrs.type !== 'result' && el.attrs.type !== 'error')) {
      return next();
    }
    const id = el.attrs.id as string | undefined;
    if (id === undefined || !addressees.has(id)) return next();
    const own = entity.jid;
    if (own && answersFor(addressees.get(id), el.attrs.from, { jid: own, domain })) return next();
    onForged?.(el);
    return undefined;
  });
  const caller = iqCallerFactory({ entity, middleware });
  const request = caller.request.bind(caller);
  caller.request = async (stanza, timeout) => {
    const id = (stanza.attrs.id as string | undefined) ?? newId();
    stanza.attrs.id = id;
    addressees.set(id, stanza.attrs.to as string | undefined);
    try {
      return await request(stanza, timeout);
    } finally {
      addressees.delete(id);
    }
  };
  return caller;
}
