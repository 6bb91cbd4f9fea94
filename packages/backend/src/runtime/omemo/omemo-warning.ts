import { SessionError } from '@parley/xmpp';

/**
 * Logs a failed background OMEMO task (publishing, a key transport, rotation). A session that
 * ended under it is not worth a warning: the next login publishes again, and a key transport
 * that could not go out is superseded by the next message to that device.
 */
export function warnOmemo(what: string): (error: unknown) => void {
  return (error) => {
    if (error instanceof SessionError && error.code === 'not-connected') return;
    console.warn(`[parley] OMEMO ${what} failed: ${String(error)}`);
  };
}
