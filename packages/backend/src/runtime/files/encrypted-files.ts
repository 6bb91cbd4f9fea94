// XEP-0454 encrypted files in the message flow. Incoming: a body that is an aesgcm:// URL (as
// Conversations, Dino and Gajim send inside OMEMO) becomes an encrypted attachment whose key is
// stored but never shown; the text shown is the bare https location. Outgoing: an encrypted
// file's message goes with the aesgcm:// URL as its body and no OOB or XEP-0447 element, which
// would carry the URL (and so the key) outside the encryption.
import type { Attachment, Message, SealedAttachment } from '@parley/contract';
import {
  buildAesgcmUrl,
  looksLikeAesgcmUrl,
  parseAesgcmUrl,
  type FileKey,
} from '@parley/omemo/media';
import type { Store } from '@parley/store';
import {
  OutgoingRefused,
  checkFetchableUrl,
  fileNameFromUrl,
  type OutgoingMessage,
} from '@parley/xmpp';
import { guessMediaType } from './sources.js';

/** Conversations may follow the URL with a line holding a small data: thumbnail; nothing else. */
const THUMBNAIL_LINE = /^data:image\/[a-z0-9.+-]+;base64,[A-Za-z0-9+/=]*$/;

export interface MessageContent {
  /** The text to store and show. */
  text: string | null;
  attachment: SealedAttachment | null;
}

/**
 * The content of an incoming message once an aesgcm:// body is recognised: the URL as the whole
 * body (optionally a thumbnail line after it) turns into an encrypted attachment with its key;
 * the text becomes the https location without the key. A file already announced by XEP-0447 or
 * OOB, a body with more words, or a malformed aesgcm URL stay as they are.
 */
export function withEncryptedFile(
  body: string | null,
  attachment: Attachment | null,
): MessageContent {
  const unchanged = { text: body ?? attachment?.url ?? null, attachment };
  if (attachment !== null || body === null || !looksLikeAesgcmUrl(body)) return unchanged;
  const [first = '', ...rest] = body.trim().split('\n');
  if (rest.length > 1 || (rest.length === 1 && !THUMBNAIL_LINE.test(rest[0]!.trim()))) {
    return unchanged;
  }
  let link;
  try {
    link = parseAesgcmUrl(first);
  } catch {
    return unchanged;
  }
  const check = checkFetchableUrl(link.httpsUrl);
  if (!check.ok) return unchanged;
  const name = fileNameFromUrl(check.url) ?? 'file';
  return {
    text: check.url,
    attachment: {
      url: check.url,
      name,
      size: null,
      mediaType: guessMediaType(name),
      sha256: null,
      encrypted: true,
      aesgcmSecret: secretOf(link),
    },
  };
}

/** The aesgcm:// fragment: IV ‖ key, hex. */
export function secretOf(key: FileKey): string {
  return key.iv.toString('hex') + key.key.toString('hex');
}

/** The IV and key back from a stored secret (12- or 16-byte IV before the 32-byte key). */
export function fileKeyOf(secret: string): FileKey {
  const iv = secret.slice(0, secret.length - 64);
  return { iv: Buffer.from(iv, 'hex'), key: Buffer.from(secret.slice(-64), 'hex') };
}

/**
 * The stanza description for a stored outgoing message, with an encrypted file's aesgcm:// URL
 * as the body and no file metadata (no OOB, no XEP-0447). Held back (null) when the key is not
 * in the store: sending the bare URL would publish a file no one can read, and never the key.
 * Refused (OutgoingRefused) when the file was encrypted under the conversation's OMEMO lock and
 * the lock has been turned off since: the OMEMO transform would let the body, and the key in
 * it, go in the clear.
 */
export function sealFileBody(
  store: Store,
  accountId: string,
  message: Message,
  outgoing: OutgoingMessage | null,
): OutgoingMessage | null {
  if (outgoing === null || !message.attachment?.encrypted) return outgoing;
  if (lockTurnedOff(store, accountId, message.peer)) {
    throw new OutgoingRefused(
      'Not sent: this file was encrypted for an OMEMO conversation and the lock has been turned off since, which would send its key unencrypted. Turn the lock on to send it, or send the file again.',
    );
  }
  const secret = store.messages.attachmentSecret(accountId, message.id);
  if (secret === null) return null;
  const key = fileKeyOf(secret);
  const { attachment: _metadata, ...rest } = outgoing;
  return { ...rest, body: buildAesgcmUrl(message.attachment.url, key.iv, key.key) };
}

/**
 * OMEMO is on for the account and this conversation's lock is explicitly off. (With the setting
 * off nothing is encrypted anywhere: an encrypted file then is the tests' aesgcm:// interop.)
 */
function lockTurnedOff(store: Store, accountId: string, peer: string): boolean {
  if (!store.settings.get('omemo', null)) return false;
  return store.omemoConversations.get(accountId, peer) === 'off';
}

/** Plain http on loopback in tests only: aesgcm:// cannot say http, so the test server's
 * address reads as https and is taken back to http here when loopback http is allowed. */
export function encryptedFetchUrl(url: string, allowLoopbackHttp: boolean): string {
  if (!allowLoopbackHttp) return url;
  const parsed = new URL(url);
  const loopback = ['127.0.0.1', '[::1]', 'localhost'].includes(parsed.hostname);
  if (parsed.protocol === 'https:' && loopback) parsed.protocol = 'http:';
  return parsed.href;
}
