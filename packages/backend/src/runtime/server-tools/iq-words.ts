// A failed iq of the server tools, in words the dialogs can show as they are.
import { SessionError } from '@parley/xmpp';
import { HandlerError } from '../../handler-types.js';

const CONDITIONS: Record<string, string> = {
  'item-not-found': 'does not exist there',
  'service-unavailable': 'is not offered there',
  'feature-not-implemented': 'is not supported there',
  forbidden: 'was refused: not allowed for this account',
  'not-authorized': 'was refused: not authorised',
  'not-allowed': 'was refused: not allowed',
  'bad-request': 'was refused as a bad request',
  'remote-server-not-found': 'failed: that server could not be found',
  'remote-server-timeout': 'failed: that server did not answer',
  'internal-server-error': 'failed on the server (internal error)',
  'bad-sessionid': 'failed: the command session has expired',
};

/** "<what> <reason>", e.g. "Listing items of x does not exist there (item-not-found)". */
export function iqFailure(what: string, error: unknown): string {
  if (error instanceof SessionError) {
    if (error.code === 'timeout') return `${what} got no answer in time`;
    if (error.code === 'stanza-error') {
      const condition = error.condition ?? 'undefined-condition';
      const words = CONDITIONS[condition] ?? 'failed';
      const text = /\((.*)\)$/u.exec(error.message)?.[1];
      return `${what} ${words} (${condition}${text ? `: ${text}` : ''})`;
    }
    if (error.code === 'not-connected' || error.code === 'session-lost') {
      return `${what} failed: the connection was lost`;
    }
  }
  return `${what} failed: ${error instanceof Error ? error.message : String(error)}`;
}

/** The same as a command error. */
export function iqHandlerError(what: string, error: unknown): HandlerError {
  if (error instanceof HandlerError) return error;
  const lost = error instanceof SessionError && error.code === 'not-connected';
  return new HandlerError(lost ? 'not-connected' : 'failed', iqFailure(what, error));
}
