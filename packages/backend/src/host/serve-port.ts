import type { Result } from '@parley/contract';
import type { Backend } from '../backend.js';
import {
  encodeEvent,
  encodeResult,
  MAX_FRAME_CHARS,
  parseRequest,
  type ResultFrame,
} from '@parley/contract/client';

/** One client's end of a message port, as the backend process sees it. */
export interface ClientPort {
  post(text: string): void;
  onMessage(listener: (data: unknown) => void): void;
  /** The other end went away (window closed or reloaded). */
  onClose(listener: () => void): void;
}

/**
 * Serves the contract to one client over a port: every frame is checked (port-protocol.ts),
 * then the contract checks the command (dispatch). Nothing a client sends ends the process;
 * a failure inside a handler is answered as 'failed'. Returns the unsubscribe.
 */
export function servePort(backend: Backend, port: ClientPort, maxChars = MAX_FRAME_CHARS) {
  let open = true;
  const post = (text: string): void => {
    if (!open) return;
    try {
      port.post(text);
    } catch {
      // A port closed under us: the 'close' listener below ends this client.
      open = false;
    }
  };
  const reply = (frame: ResultFrame): void => post(encodeResult(frame));
  const unsubscribe = backend.onEvent((event, payload) => post(encodeEvent({ event, payload })));
  const close = (): void => {
    open = false;
    unsubscribe();
  };
  port.onClose(close);
  port.onMessage((data) => {
    const parsed = parseRequest(data, maxChars);
    if (!parsed.ok) {
      reply(parsed.reply);
      return;
    }
    const { id, name, payload } = parsed.request;
    backend
      .handle(name, payload)
      .catch((): Result<unknown> => ({
        ok: false,
        error: { code: 'failed', message: 'The command failed' },
      }))
      .then((result) => reply({ id, result }));
  });
  return close;
}
