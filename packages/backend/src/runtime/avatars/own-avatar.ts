// Publishing our own avatar: PEP first (XEP-0084 §4.1: the data, then the metadata that makes
// contacts fetch it, both readable by anyone), then our vCard's PHOTO for clients that only know
// XEP-0153. Removing publishes empty metadata and drops the PHOTO. The vCard step keeps every
// other field of our vCard (the profile editor owns those).
import {
  buildAvatarDataPublish,
  buildAvatarMetadataPublish,
  buildVcardFetch,
  buildVcardSet,
  iqErrorCondition,
  publishWithOptions,
  vcardOf,
  vcardWithPhoto,
  type IqSender,
  type VcardPhoto,
} from '@parley/xmpp';
import type { AvatarImage } from '@parley/store';

/** Width and height of a PNG, from its IHDR chunk (always first); null for other types. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } | null {
  if (bytes.length < 24) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

export async function publishOwnAvatar(send: IqSender, image: AvatarImage): Promise<void> {
  const base64 = Buffer.from(image.data).toString('base64');
  await publishWithOptions(send, buildAvatarDataPublish(image.hash, base64));
  const size = image.mime === 'image/png' ? pngSize(image.data) : null;
  await publishWithOptions(
    send,
    buildAvatarMetadataPublish({
      id: image.hash,
      type: image.mime,
      bytes: image.data.length,
      ...(size ?? {}),
    }),
  );
  await setVcardPhoto(send, { type: image.mime, base64 });
}

export async function removeOwnAvatar(send: IqSender): Promise<void> {
  await publishWithOptions(send, buildAvatarMetadataPublish(null));
  await setVcardPhoto(send, null);
}

/** Our vCard with `photo` as its PHOTO (null: none); a server without vcard-temp is skipped. */
async function setVcardPhoto(send: IqSender, photo: VcardPhoto | null): Promise<void> {
  let current;
  try {
    current = vcardOf(await send(buildVcardFetch()));
  } catch (error) {
    const condition = iqErrorCondition(error);
    if (condition === 'service-unavailable' || condition === 'feature-not-implemented') return;
    if (condition !== 'item-not-found') throw error;
    current = null;
  }
  await send(buildVcardSet(vcardWithPhoto(current, photo)));
}
