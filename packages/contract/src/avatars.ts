import { z } from 'zod';
import { accountId, jidText } from './ids.js';

/*
 * Avatars (XEP-0084 over PEP, XEP-0153 vCard photos, room vCards): which address shows which
 * image (by SHA-1), and the image bytes by hash. Images cross the contract as base64 of at most
 * MAX_AVATAR_BYTES; the renderer turns them into blob: URLs (the CSP allows blob: and data:).
 */

/** The largest image accepted from the network or from the user (after the renderer's crop). */
export const MAX_AVATAR_BYTES = 256 * 1024;

/** SHA-1 of the image bytes, lowercase hex: the id XEP-0084 and XEP-0153 both use. */
export const avatarHash = z.string().regex(/^[0-9a-f]{40}$/u, 'not an avatar hash');

export const avatarMime = z.enum(['image/png', 'image/jpeg', 'image/webp', 'image/gif']);
export type AvatarMime = z.infer<typeof avatarMime>;

/** `jid` (a contact, a room, or our own account) shows the image `hash`. */
export const avatarUse = z.object({ jid: jidText, hash: avatarHash });
export type AvatarUse = z.infer<typeof avatarUse>;

const base64Image = z
  .string()
  .min(4)
  .max(Math.ceil(MAX_AVATAR_BYTES / 3) * 4)
  .regex(/^[A-Za-z0-9+/]+={0,2}$/u, 'not base64');

export const avatarImage = z.object({ hash: avatarHash, mime: avatarMime, base64: base64Image });
export type AvatarImage = z.infer<typeof avatarImage>;

export const avatarCommands = {
  /** Every address of the account that shows an image (contacts, rooms, ourselves). */
  'avatars.list': {
    request: z.object({ accountId }),
    response: z.object({ avatars: z.array(avatarUse) }),
  },
  /** The bytes of a cached image; not-found when no address shows it any more. */
  'avatars.image': { request: z.object({ hash: avatarHash }), response: avatarImage },
  /**
   * Our new avatar (already cropped and scaled by the renderer): published to PEP (data, then
   * metadata), to our vCard for older clients, and its hash sent in our presence.
   */
  'avatars.own.set': {
    request: z.object({ accountId, mime: avatarMime, base64: base64Image }),
    response: z.object({ hash: avatarHash }),
  },
  /** No avatar any more: empty PEP metadata, vCard photo removed, empty hash in presence. */
  'avatars.own.remove': {
    request: z.object({ accountId }),
    response: z.object({ ok: z.literal(true) }),
  },
  /**
   * A room's new avatar (XEP-0486 §4: the room's vCard photo), set by one of its owners; the
   * room refuses others ('failed', in words).
   */
  'avatars.room.set': {
    request: z.object({ accountId, room: jidText, mime: avatarMime, base64: base64Image }),
    response: z.object({ hash: avatarHash }),
  },
  /** The room's avatar removed (its vCard without a photo); owners only. */
  'avatars.room.remove': {
    request: z.object({ accountId, room: jidText }),
    response: z.object({ ok: z.literal(true) }),
  },
} as const;

export const avatarEvents = {
  /** What `jid` shows changed; hash null: back to the initials. */
  'avatar.changed': z.object({ accountId, jid: jidText, hash: avatarHash.nullable() }),
} as const;
