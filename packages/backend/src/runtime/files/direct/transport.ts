// The transport seam of direct (XEP-0234) file transfer. A Jingle transport (XEP-0343 data
// channel, XEP-0260 SOCKS5, XEP-0261 in-band) implements DirectTransportKind; the session
// (direct-files.ts) negotiates which one runs, in the account's order, and on a failure replaces
// it with the next by transport-replace. A transport knows nothing of files: it offers and
// takes a Jingle <transport/>, connects, and hands over a byte stream; the session writes the
// file into it (sender) or reads the file out of it (receiver).
//
// Encryption of the bytes (JET-OMEMO, jet-omemo.ts) sits between the two: an AES-GCM Transform
// the session puts on the Duplex before the file, when the conversation uses OMEMO.
import type { Duplex } from 'node:stream';
import type { DirectTransport } from '@parley/contract';
import type { Element, JID, Session } from '@parley/xmpp';

/** Who we are in the Jingle session: the initiator sends the file (we offer only sends). */
export type JingleRole = 'initiator' | 'responder';

/** What a transport may use of its Jingle session. */
export interface TransportContext {
  /** The account (a transport that needs per-account services, e.g. STUN/TURN, looks them up). */
  readonly accountId: string;
  /** The account's XMPP session (iqs to the peer, to the server's SOCKS5 proxy). */
  readonly session: Session;
  /** The Jingle session id. */
  readonly sid: string;
  readonly role: JingleRole;
  /** Our full JID and the peer's, as the session runs between them. */
  readonly own: JID;
  readonly peer: JID;
  /** The initiator's and responder's full JIDs (XEP-0260 hashes them in this order). */
  readonly initiator: JID;
  readonly responder: JID;
  /** Sends a transport-info carrying `transport` for the content; resolves on the peer's result. */
  sendInfo(transport: Element): Promise<void>;
  /** Aborted when the session ends (cancel, terminate, a failure): stop and let go of sockets. */
  readonly signal: AbortSignal;
}

/** One transport in one Jingle session, from offer to close. */
export interface TransportInstance {
  readonly kind: DirectTransport;
  /**
   * Initiator: our <transport/> for session-initiate or transport-replace. Responder: our
   * <transport/> for session-accept or transport-accept, after `take` read the initiator's.
   */
  local(): Promise<Element>;
  /**
   * The peer's <transport/> (initiator: from session-accept/transport-accept; responder: from
   * session-initiate/transport-replace). Throws TransportRefused when it cannot be used.
   */
  take(remote: Element): void;
  /** A transport-info in this transport's namespace; throws TransportRefused to reject it. */
  info(transport: Element): void;
  /**
   * Called once both transports are known (the accept went out or came in). Resolves with the
   * byte stream: the sender writes the file into it and ends it; the receiver reads it to its
   * end. Writes honour backpressure (write() false → wait for 'drain'). Rejects with
   * TransportFailed when this transport cannot carry the session (the session tries the next).
   */
  connect(): Promise<Duplex>;
  /**
   * A stanza outside Jingle that belongs to this transport (an XEP-0047 <open/>/<data/>/<close/>
   * iq for its sid): the answer to send, null when the transport answers it itself (later), or
   * undefined when it is not this transport's. Only iqs from the session's peer arrive here.
   */
  handleIq?(iq: Element): Element | null | undefined;
  /**
   * Lets go of everything (sockets, listeners, timers); a pending connect() rejects with
   * TransportFailed. Called when the session ends and when the peer replaces this transport.
   * Safe to call more than once.
   */
  close(): void;
}

/**
 * A kind of transport: makes an instance per session, says whether a peer takes it. The kinds
 * a backend offers are listed in available-transports.ts (tests: BackendOptions.directTransports);
 * a peer is offered the ones whose `feature` its device announces, in the account's order. The
 * feature must also be announced by us (a module in @parley/xmpp's service-modules.ts).
 */
export interface DirectTransportKind {
  readonly kind: DirectTransport;
  /** Its Jingle transport namespace (urn:xmpp:jingle:transports:…). */
  readonly namespace: string;
  /** The disco feature a peer announces for it (usually the namespace). */
  readonly feature: string;
  create(ctx: TransportContext): TransportInstance;
}

/** The order we offer transports in: the data channel first, in-band last. */

/** The peer's <transport/> or transport-info cannot be used: answered bad-request. */
export class TransportRefused extends Error {}

/** The transport cannot carry this session; the session replaces it with the next. */
export class TransportFailed extends Error {}

/**
 * The transports both sides take, in our order (the order of `kinds`: available-transports.ts
 * by default). `features` are what the peer's device announces.
 */
export function sharedTransports(
  kinds: readonly DirectTransportKind[],
  features: readonly string[],
): DirectTransportKind[] {
  const has = new Set(features);
  return kinds.filter((k) => has.has(k.feature));
}
