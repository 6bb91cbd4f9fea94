import type Connection from '@xmpp/connection';
import type { Element } from '@xmpp/xml';
import { SessionError } from './errors.js';

/**
 * Sends `request` (if any) and resolves with the first top-level non-stanza element that
 * `match` accepts. Bounded by `timeoutMs`; a socket close or error rejects at once.
 * (@xmpp/events' `procedure` has no timeout: a silent server would hang the login forever.)
 */
export function exchange(
  entity: Connection,
  request: Element | null,
  match: (el: Element) => boolean,
  timeoutMs: number,
  what: string,
): Promise<Element> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () =>
        done(new SessionError('host-unreachable', `The server did not answer the ${what} in time`)),
      timeoutMs,
    );
    function onNonza(el: Element): void {
      if (match(el)) done(null, el);
    }
    function onError(err: unknown): void {
      done(err);
    }
    function onDisconnect(): void {
      done(new SessionError('host-unreachable', `The connection closed during the ${what}`));
    }
    function done(err: unknown, el?: Element): void {
      clearTimeout(timer);
      entity.off('nonza', onNonza);
      entity.off('error', onError);
      entity.off('disconnect', onDisconnect);
      if (el) resolve(el);
      else reject(err);
    }
    entity.on('nonza', onNonza);
    entity.on('error', onError);
    entity.on('disconnect', onDisconnect);
    if (request) entity.send(request).catch(onError);
  });
}
