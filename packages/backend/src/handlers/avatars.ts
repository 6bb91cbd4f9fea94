import type { Accounts } from '../accounts.js';
import { HandlerError, type HandlerMap } from '../handler-types.js';
import { checkAvatarBase64 } from '../runtime/avatars/avatar-image.js';
import { publishOwnAvatar, removeOwnAvatar } from '../runtime/avatars/own-avatar.js';
import type { RuntimeContext } from '../runtime/context.js';

type AvatarHandlers = Pick<
  HandlerMap,
  'avatars.list' | 'avatars.image' | 'avatars.own.set' | 'avatars.own.remove'
>;

/** Avatars shown in the renderer, and setting or removing our own. */
export function avatarHandlers(accounts: Accounts, { store }: RuntimeContext): AvatarHandlers {
  const runtimeOf = (accountId: string) => {
    accounts.record(accountId);
    return accounts.runtime(accountId);
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
  };
}
