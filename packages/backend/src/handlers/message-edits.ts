import { buildModerationRequest, type Element } from '@parley/xmpp';
import { normalizeBareJid, type Accounts } from '../accounts.js';
import { HandlerError, type HandlerMap, textError } from '../handler-types.js';
import type { RuntimeContext } from '../runtime/context.js';
import { conversationOf } from './messages.js';

type EditHandlers = Pick<
  HandlerMap,
  'messages.correct' | 'messages.retract' | 'messages.editHistory' | 'rooms.moderate'
>;

/** Conditions a room answers when it does not know the :1 request: ask again in :0. */
const olderVersionConditions = new Set([
  'feature-not-implemented',
  'service-unavailable',
  'bad-request',
]);

/** The room's refusal in words. */
function refused(error: unknown): HandlerError {
  const condition = (error as { condition?: string | null }).condition ?? null;
  const reason =
    condition === 'forbidden' || condition === 'not-allowed'
      ? 'you are not a moderator of this room'
      : condition === 'item-not-found'
        ? 'the room does not have that message'
        : condition !== null && olderVersionConditions.has(condition)
          ? 'this room does not support removing messages'
          : error instanceof Error
            ? error.message
            : String(error);
  return new HandlerError('failed', `Could not remove the message: ${reason}`);
}

/** Corrections (XEP-0308), retractions (XEP-0424) and moderation (XEP-0425) asked for by the user. */
export function messageEditHandlers(accounts: Accounts, { store }: RuntimeContext): EditHandlers {
  return {
    'messages.correct': ({ accountId, peer, messageId, body }) => {
      accounts.record(accountId);
      const runtime = accounts.runtime(accountId);
      const target = conversationOf(accounts, accountId, peer);
      return runtime.pipeline.edits.outgoing.correct(target.peer, messageId, body, runtime.online);
    },
    'messages.retract': ({ accountId, peer, messageId }) => {
      accounts.record(accountId);
      const runtime = accounts.runtime(accountId);
      const target = conversationOf(accounts, accountId, peer);
      return runtime.pipeline.edits.outgoing.retract(target.peer, messageId, runtime.online);
    },
    'messages.editHistory': ({ accountId, peer, messageId }) => {
      accounts.record(accountId);
      const target = conversationOf(accounts, accountId, peer);
      const message = store.messages.get(accountId, messageId);
      if (!message || message.peer !== target.peer) {
        throw textError('not-found', 'message.not-found');
      }
      const versions = store.messageEdits.history(accountId, messageId);
      return versions.length > 0 ? versions : [{ body: message.body, at: message.timestamp }];
    },
    'rooms.moderate': async ({ accountId, room, messageId, reason }) => {
      accounts.record(accountId);
      const jid = normalizeBareJid(room);
      const runtime = accounts.runtime(accountId);
      if (!store.rooms.get(accountId, jid)) {
        throw textError('not-found', 'room.unknown', { room: jid });
      }
      const message = store.messages.get(accountId, messageId);
      if (!message || message.peer !== jid) {
        throw new HandlerError('not-found', 'There is no such message in this room');
      }
      // XEP-0425 names the message by the room's own id; without it the room cannot find it.
      if (!message.stanzaId) {
        throw new HandlerError('failed', 'The room gave this message no id to remove it by');
      }
      const session = runtime.requireOnline();
      const request = (version: 0 | 1): Element =>
        buildModerationRequest({
          room: jid,
          target: message.stanzaId as string,
          reason: reason.trim() || null,
          version,
        });
      try {
        await session.iq(request(1));
      } catch (error) {
        const condition = (error as { condition?: string | null }).condition ?? '';
        if (!olderVersionConditions.has(condition)) throw refused(error);
        // Rooms that speak only :0 (Prosody's mod_muc_moderation in Debian 12, for one).
        await session.iq(request(0)).catch((again: unknown) => {
          throw refused(again);
        });
      }
      return { ok: true };
    },
  };
}
