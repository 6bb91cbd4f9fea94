/**
 * A second check on updates, beside electron-updater's own (the sha512 of each download,
 * checked against the feed's metadata, and the OS code signature on Windows and macOS): the
 * metadata itself is signed with an ed25519 key whose public half is built into the app. A
 * feed or mirror that is taken over can then offer no installer of its own, signed or not,
 * because it cannot sign the sha512 that electron-updater will compare the download with.
 *
 * The release workflow signs each latest*.yml (scripts/sign-update.ts) and publishes the
 * signature beside it as `<file>.sig` (128 hex digits).
 */
import { ed25519 } from '@noble/curves/ed25519.js';

/** The parts of electron-updater's UpdateInfo a download is checked against. */
export interface SignedUpdateInfo {
  readonly version: string;
  readonly files: readonly { url: string; sha512: string; size?: number }[];
}

/** The bytes signed: a version tag, the version and every file's url, sha512 and size. */
export function updateMessage(info: SignedUpdateInfo): Uint8Array {
  const files = [...info.files]
    .map((file) => `${file.url}\t${file.sha512}\t${file.size ?? ''}`)
    .sort();
  const text = ['parley-update-v1', info.version, ...files].join('\n');
  return new TextEncoder().encode(text);
}

/** The metadata file electron-updater reads on this platform (electron-builder's names). */
export function channelFile(platform: NodeJS.Platform, arch: string): string {
  if (platform === 'win32') return 'latest.yml';
  if (platform === 'darwin') return 'latest-mac.yml';
  return arch === 'x64' ? 'latest-linux.yml' : `latest-linux-${arch}.yml`;
}

const hex = (text: string, bytes: number): Uint8Array | null => {
  const clean = text.trim().toLowerCase();
  if (!new RegExp(`^[0-9a-f]{${bytes * 2}}$`).test(clean)) return null;
  return Uint8Array.from(clean.match(/../g)!.map((pair) => parseInt(pair, 16)));
};

/** True only for a well-formed signature by `publicKeyHex` over exactly this metadata. */
export function verifyUpdateSignature(
  info: SignedUpdateInfo,
  signatureHex: string,
  publicKeyHex: string,
): boolean {
  const signature = hex(signatureHex, 64);
  const publicKey = hex(publicKeyHex, 32);
  if (!signature || !publicKey || info.files.length === 0) return false;
  try {
    return ed25519.verify(signature, updateMessage(info), publicKey, { zip215: false });
  } catch {
    return false;
  }
}

/** For the release workflow: the signature of `info` as hex. */
export function signUpdate(info: SignedUpdateInfo, secretKeyHex: string): string {
  const secret = hex(secretKeyHex, 32);
  if (!secret) throw new Error('the update signing key must be 64 hex digits (ed25519 seed)');
  return Buffer.from(ed25519.sign(updateMessage(info), secret)).toString('hex');
}

/** The public half of a signing key, to build into the app (PARLEY_UPDATE_PUBLIC_KEY). */
export function publicKeyOf(secretKeyHex: string): string {
  const secret = hex(secretKeyHex, 32);
  if (!secret) throw new Error('the update signing key must be 64 hex digits (ed25519 seed)');
  return Buffer.from(ed25519.getPublicKey(secret)).toString('hex');
}
