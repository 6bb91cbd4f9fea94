// The XML console's one seam into a connection: listeners on the connection's own 'element'
// (each top-level element parsed) and 'send' (each element written) events. They exist only
// while a tap is set, so a session without an open console pays nothing.
import type { Element } from '@xmpp/xml';
import type { EventEmitter } from 'node:events';

export type StanzaDirection = 'in' | 'out';
/** Must be cheap and must not throw: it runs inside the connection's read and write paths. */
export type StanzaTap = (direction: StanzaDirection, el: Element) => void;

/** Attaches `tap` to `entity`; returns the detach function. */
export function attachTap(entity: EventEmitter, tap: StanzaTap): () => void {
  const guarded = (direction: StanzaDirection) => (el: Element) => {
    try {
      tap(direction, el);
    } catch {
      // A console must never break the session it watches.
    }
  };
  const incoming = guarded('in');
  const outgoing = guarded('out');
  entity.on('element', incoming);
  entity.on('send', outgoing);
  return () => {
    entity.off('element', incoming);
    entity.off('send', outgoing);
  };
}
