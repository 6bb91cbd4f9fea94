import type { Accounts } from '../accounts.js';
import { HandlerError, type HandlerMap } from '../handler-types.js';
import { checkAvatarBase64 } from '../runtime/avatars/avatar-image.js';
import { publishOwnAvatar, removeOwnAvatar } from '../runtime/avatars/own-avatar.js';
import { publishRoomAvatar } from '../runtime/avatars/room-avatar.js';
import type { RuntimeContext } from '../runtime/context.js';

type AvatarHandlers = Pick<
  HandlerMap,
  | 'avatars.list'
  | 'avatars.image'
  | 'avatars.own.set'
  | 'avatars.own.remove'
  | 'avatars.room.set'
  | 'avatars.room.remove'
>;

/** Avatars shown in the renderer, and setting or removing our own. */
export function avatarHandlers(accounts: Accounts, { store }: RuntimeContext): AvatarHandlers {
  const runtimeOf = (accountId: string) => {
    accounts.record(accountId);
    return accounts.runtime(accountId);
  };
  /** A room of this account; its owners may change its avatar (the room decides who is one). */
  const roomOf = (accountId: string, room: string) => {
    const runtime = runtimeOf(accountId);
    if (!store.rooms.get(accountId, room)) {
      throw new HandlerError('not-found', `${room} is not a room of this account`);
    }
    return { runtime, session: runtime.requireOnline() };
  };
  return {
    'avatars.list': ({ accountId }) => {
      accounts.record(accountId);
      return { avatars: store.avatars.list(accountId).map(({ jid, hash }) => ({ jid, hash })) };
    },
    'avatars.image': ({ hash }) => {
      const image = store.avatars.image(hash);
      if (!image) throw new HandlerError('not-found', `no avatar ${hash}`);
      return { hash, mime: image.mime, base64: Buffer.from(image.data).toString('base64') };
    },
    'avatars.own.set': async ({ accountId, base64 }) => {
      const runtime = runtimeOf(accountId);
      const session = runtime.requireOnline();
      // The same checks as an image from the network: the renderer is not trusted either.
      const check = checkAvatarBase64(base64, null);
      if ('rejected' in check) throw new HandlerError('invalid-payload', check.rejected);
      try {
        await publishOwnAvatar((iq) => session.iq(iq), check.image);
      } catch (error) {
        throw new HandlerError('failed', `the server did not take the avatar: ${String(error)}`);
      }
      runtime.avatars.showOwn(check.image);
      await runtime.resendPresence();
      return { hash: check.image.hash };
    },
    'avatars.own.remove': async ({ accountId }) => {
      const runtime = runtimeOf(accountId);
      const session = runtime.requireOnline();
      try {
        await removeOwnAvatar((iq) => session.iq(iq));
      } catch (error) {
        throw new HandlerError('failed', `the server did not remove the avatar: ${String(error)}`);
      }
      runtime.avatars.clearOwn();
      await runtime.resendPresence();
      return { ok: true as const };
    },
    'avatars.room.set': async ({ accountId, room, base64 }) => {
      const { runtime, session } = roomOf(accountId, room);
      const check = checkAvatarBase64(base64, null);
      if ('rejected' in check) throw new HandlerError('invalid-payload', check.rejected);
      await publishRoomAvatar((iq) => session.iq(iq), room, check.image);
      runtime.avatars.showRoom(room, check.image);
      return { hash: check.image.hash };
    },
    'avatars.room.remove': async ({ accountId, room }) => {
      const { runtime, session } = roomOf(accountId, room);
      await publishRoomAvatar((iq) => session.iq(iq), room, null);
      runtime.avatars.showRoom(room, null);
      return { ok: true as const };
    },
  };
}
