import { create } from 'zustand';
import type { AvatarImage, ParleyClient } from '@parley/contract';
import { errorText, getClient } from '../../app/client';

/** An image's state in this window: a blob: URL once its bytes arrived, or why not. */
export type AvatarUrl =
  { state: 'loading' } | { state: 'ready'; url: string } | { state: 'failed' };

interface AvatarState {
  /** jid → accountId → hash: the same address may be known to several accounts. */
  byJid: Record<string, Record<string, string>>;
  /** hash → its image in this window. */
  images: Record<string, AvatarUrl>;
  set(accountId: string, jid: string, hash: string | null): void;
  setAll(accountId: string, uses: ReadonlyArray<{ jid: string; hash: string }>): void;
  removeAccount(accountId: string): void;
  setImage(hash: string, image: AvatarUrl): void;
}

function withUse(
  byJid: AvatarState['byJid'],
  accountId: string,
  jid: string,
  hash: string | null,
): AvatarState['byJid'] {
  const { [accountId]: _old, ...others } = byJid[jid] ?? {};
  const next = hash === null ? others : { ...others, [accountId]: hash };
  const { [jid]: _jid, ...rest } = byJid;
  return Object.keys(next).length === 0 ? rest : { ...rest, [jid]: next };
}

/** Forgets blob: URLs nobody shows any more (their memory is the window's). */
function pruneImages(s: Pick<AvatarState, 'byJid' | 'images'>): AvatarState['images'] {
  const used = new Set(Object.values(s.byJid).flatMap((m) => Object.values(m)));
  const kept: AvatarState['images'] = {};
  for (const [hash, image] of Object.entries(s.images)) {
    if (used.has(hash)) kept[hash] = image;
    else if (image.state === 'ready') URL.revokeObjectURL(image.url);
  }
  return kept;
}

export const useAvatars = create<AvatarState>()((set) => ({
  byJid: {},
  images: {},
  set: (accountId, jid, hash) =>
    set((s) => {
      const byJid = withUse(s.byJid, accountId, jid, hash);
      return { byJid, images: pruneImages({ byJid, images: s.images }) };
    }),
  setAll: (accountId, uses) =>
    set((s) => {
      let byJid = s.byJid;
      for (const [jid, accounts] of Object.entries(s.byJid)) {
        if (accountId in accounts) byJid = withUse(byJid, accountId, jid, null);
      }
      for (const use of uses) byJid = withUse(byJid, accountId, use.jid, use.hash);
      return { byJid, images: pruneImages({ byJid, images: s.images }) };
    }),
  removeAccount: (accountId) =>
    set((s) => {
      let byJid = s.byJid;
      for (const jid of Object.keys(s.byJid)) byJid = withUse(byJid, accountId, jid, null);
      return { byJid, images: pruneImages({ byJid, images: s.images }) };
    }),
  setImage: (hash, image) => set((s) => ({ images: { ...s.images, [hash]: image } })),
}));

/** The hash `jid` shows (any account's; they name the same public image). */
export function hashOf(state: Pick<AvatarState, 'byJid'>, jid: string): string | null {
  const accounts = state.byJid[jid];
  return accounts ? (Object.values(accounts)[0] ?? null) : null;
}

/** The bytes as a blob: URL (allowed by the CSP's img-src), typed by the backend's check. */
export function blobUrlOf(image: AvatarImage): string {
  const binary = atob(image.base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return URL.createObjectURL(new Blob([bytes], { type: image.mime }));
}

/** Asks the backend for an image once; the Avatar shows initials until it is ready. */
export function requestImage(hash: string): void {
  const { images, setImage } = useAvatars.getState();
  if (images[hash]) return;
  setImage(hash, { state: 'loading' });
  getClient()
    .call('avatars.image', { hash })
    .then((image) => setImage(hash, { state: 'ready', url: blobUrlOf(image) }))
    .catch((e: unknown) => {
      console.warn('avatars.image', errorText(e));
      setImage(hash, { state: 'failed' });
    });
}

/** Loads an account's avatars (at start, after a reconnect, when it comes online). */
export async function loadAvatars(client: ParleyClient, accountId: string): Promise<void> {
  const { avatars } = await client.call('avatars.list', { accountId });
  useAvatars.getState().setAll(accountId, avatars);
}

/** Subscribes the avatar events; returns the unsubscribe. */
export function wireAvatars(client: ParleyClient): () => void {
  // Loaded when an account comes online (not on each of its other changes).
  const online = new Set<string>();
  const offs = [
    client.on('avatar.changed', ({ accountId, jid, hash }) =>
      useAvatars.getState().set(accountId, jid, hash),
    ),
    client.on('account.removed', ({ id }) => useAvatars.getState().removeAccount(id)),
    client.on('account.changed', (account) => {
      if (account.state !== 'online') {
        online.delete(account.id);
        return;
      }
      if (online.has(account.id)) return;
      online.add(account.id);
      loadAvatars(client, account.id).catch((e: unknown) =>
        console.warn('avatars.list', errorText(e)),
      );
    }),
  ];
  return () => offs.forEach((off) => off());
}

/** At start and after every reconnect to the backend: every account's avatars. */
export async function syncAvatars(client: ParleyClient, accountIds: readonly string[]) {
  await Promise.all(
    accountIds.map((id) =>
      loadAvatars(client, id).catch((e: unknown) => console.warn('avatars.list', errorText(e))),
    ),
  );
}
