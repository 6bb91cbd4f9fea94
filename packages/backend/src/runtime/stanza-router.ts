import { isTransientStoreFailure } from '@parley/store';
import type { Element, IncomingMessage, Session } from '@parley/xmpp';

export type StanzaKind = 'message' | 'presence' | 'iq';

/** Message handlers get the message unwrapped and parsed once; the others the stanza. */
export type StanzaInput<K extends StanzaKind> = K extends 'message' ? IncomingMessage : Element;

export interface StanzaHandler<K extends StanzaKind = StanzaKind> {
  /** For logs and tests. */
  readonly name: string;
  readonly kind: K;
  /** Only stanzas with a direct child in this namespace reach the handler. */
  readonly namespace?: string;
  /** Higher runs first; equal priorities run in registration order. */
  readonly priority: number;
  /** True when the stanza is consumed: no later handler sees it. */
  handle(session: Session, input: StanzaInput<K>): boolean;
}

/**
 * The order the account's services see stanzas in (higher first), as Gajim's modules and xmpp.js
 * middleware order theirs. Archive results before anything else (they are wrappers only the
 * history may open); rooms before bookmarks, presence and 1:1 chats (a room's messages,
 * presences and private messages look like a contact's); roster pushes before the generic
 * service iqs (which answer everything left).
 */
export const PRIORITY = {
  history: 100,
  rooms: 90,
  bookmarks: 80,
  presence: 70,
  roster: 60,
  /** Jingle file sessions (XEP-0234) and their bytestreams, before calls take the rest. */
  directFiles: 25,
  /** XEP-0353 messages and Jingle iqs: no chat messages, not for the generic iq answers. */
  calls: 20,
  oneToOne: 10,
  serviceIq: 0,
} as const;

type AnyHandler = {
  [K in StanzaKind]: StanzaHandler<K>;
}[StanzaKind];

/**
 * Routes each stanza of a session to the registered handlers of its kind, by priority, until one
 * consumes it. A message is opened once (unwrapped, decrypted, parsed) before any handler runs.
 * Errors stay with their stanza, except a transient store failure (see route).
 */
export class StanzaRouter {
  private readonly handlers: { [K in StanzaKind]: StanzaHandler<K>[] } = {
    message: [],
    presence: [],
    iq: [],
  };

  /** `open`: unwraps, decrypts (synchronous transforms) and parses a message stanza, once. */
  constructor(readonly open: (stanza: Element) => IncomingMessage) {}

  register<K extends StanzaKind>(handler: StanzaHandler<K>): void {
    const list = this.handlers[handler.kind] as StanzaHandler<K>[];
    // Stable: after every handler of the same or higher priority.
    const at = list.findIndex((h) => h.priority < handler.priority);
    list.splice(at === -1 ? list.length : at, 0, handler);
  }

  /** The handlers of a kind in the order they run (for tests and diagnostics). */
  order(kind: StanzaKind): string[] {
    return this.handlers[kind].map((h) => h.name);
  }

  /**
   * A transient store failure (disk full, I/O error) is rethrown: the session then leaves the
   * stanza unacknowledged and drops the link, so the server hands it over again after the
   * resume. Any other failure would recur on every redelivery: it is logged, and must not take
   * the account down.
   */
  route(session: Session, stanza: Element): void {
    try {
      this.dispatch(session, stanza);
    } catch (error) {
      if (isTransientStoreFailure(error)) throw error;
      console.error('[parley] stanza handling failed', error);
    }
  }

  /** A message already opened (see MessageIngress), with route's error handling. */
  deliver(session: Session, message: IncomingMessage): void {
    try {
      this.run(session, 'message', message.stanza, message);
    } catch (error) {
      if (isTransientStoreFailure(error)) throw error;
      console.error('[parley] stanza handling failed', error);
    }
  }

  private dispatch(session: Session, stanza: Element): void {
    const kind = stanza.name;
    if (kind !== 'message' && kind !== 'presence' && kind !== 'iq') return;
    this.run(session, kind, stanza, kind === 'message' ? this.open(stanza) : stanza);
  }

  private run(session: Session, kind: StanzaKind, stanza: Element, input: unknown): void {
    for (const handler of this.handlers[kind] as AnyHandler[]) {
      if (handler.namespace !== undefined && !hasChildIn(stanza, handler.namespace)) continue;
      if ((handler.handle as (s: Session, i: unknown) => boolean)(session, input)) return;
    }
  }
}

function hasChildIn(stanza: Element, ns: string): boolean {
  return stanza.getChildElements().some((c) => c.getNS() === ns);
}
