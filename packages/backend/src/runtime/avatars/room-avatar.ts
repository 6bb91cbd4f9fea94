// A room's avatar set or removed by one of its owners (XEP-0486 §4): the room's vcard-temp is
// replaced with the new PHOTO (or none), every other field it holds kept. The room then tells
// its occupants the new hash (presence from its bare JID, status 104, disco#info).
import {
  buildVcardFetch,
  buildVcardSet,
  iqErrorCondition,
  vcardOf,
  vcardWithPhoto,
  type IqSender,
  type VcardPhoto,
} from '@parley/xmpp';
import type { AvatarImage } from '@parley/store';
import { HandlerError } from '../../handler-types.js';

/** Why the room refused, in words; conditions as Prosody's mod_vcard_muc and others answer. */
const REFUSALS: Record<string, string> = {
  forbidden: 'Only the room’s owners can change its avatar.',
  'not-allowed': 'Only the room’s owners can change its avatar.',
  'not-authorized': 'Only the room’s owners can change its avatar.',
  'item-not-found': 'The room does not exist any more.',
  'service-unavailable': 'This room does not support avatars.',
  'feature-not-implemented': 'This room does not support avatars.',
};

function refused(error: unknown): HandlerError {
  const condition = iqErrorCondition(error);
  const words =
    (condition && REFUSALS[condition]) ??
    `The room did not take the avatar: ${error instanceof Error ? error.message : String(error)}`;
  return new HandlerError('failed', words);
}

/** Publishes `image` (null: removes the photo) as the room's avatar; throws a HandlerError. */
export async function publishRoomAvatar(
  send: IqSender,
  room: string,
  image: AvatarImage | null,
): Promise<void> {
  let current = null;
  try {
    current = vcardOf(await send(buildVcardFetch(room)));
  } catch (error) {
    // A room without a vCard yet answers item-not-found (Prosody): start from an empty one.
    if (iqErrorCondition(error) !== 'item-not-found') throw refused(error);
  }
  const photo: VcardPhoto | null = image
    ? { type: image.mime, base64: Buffer.from(image.data).toString('base64') }
    : null;
  try {
    await send(buildVcardSet(vcardWithPhoto(current, photo), room));
  } catch (error) {
    throw refused(error);
  }
}
