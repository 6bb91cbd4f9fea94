// File transfer (XEP-0363 HTTP File Upload, XEP-0066 OOB, XEP-0447 stateless file sharing).
import { z } from 'zod';
import { accountId, jidText } from './ids.js';

/** A file a message points at: what the sender announced (nothing here is verified yet). */
export const attachment = z.object({
  /** Where to fetch it: https, or http on loopback (tests). */
  url: z.string().min(1).max(8192),
  /** The sender's name for it, for display only; saved under a sanitised name. */
  name: z.string().max(1024),
  size: z.number().int().nonnegative().nullable(),
  mediaType: z.string().max(255).nullable(),
  /** SHA-256 of the content, base64 (XEP-0300), when the sender gave it. */
  sha256: z.string().max(64).nullable(),
  /** XEP-0447 disposition='attachment': the sender asks that it be fetched only on a click. */
  disposition: z.literal('attachment').optional(),
  /**
   * XEP-0454: the content at `url` is AES-256-GCM ciphertext (shared as an aesgcm:// URL). Its
   * key stays in the backend's store (SealedAttachment); the renderer never sees it and never
   * opens `url` itself: it asks the backend to download, decrypt and preview.
   */
  encrypted: z.literal(true).optional(),
  /**
   * XEP-0234: the file is offered peer to peer in a Jingle session, not at a URL. `url` is then
   * the backend's own reference (`jingle:<sid>`), never fetched: `files.download` accepts the
   * offer and `files.decline` declines it. Nothing is received before the user accepts.
   */
  direct: z.literal(true).optional(),
});
export type Attachment = z.infer<typeof attachment>;

/**
 * An attachment as the backend stores it: with an encrypted file's IV and key (the aesgcm://
 * fragment, hex). The store hands out plain Attachments only; the secret is read on its own.
 */
export type SealedAttachment = Attachment & { aesgcmSecret?: string };

export const transferDirection = z.enum(['upload', 'download']);
export type TransferDirection = z.infer<typeof transferDirection>;

export const transferState = z.enum(['queued', 'active', 'done', 'failed', 'cancelled']);
export type TransferState = z.infer<typeof transferState>;

/** Why a transfer failed, for the transfer card to explain in words. */
export const transferErrorCode = z.enum([
  'too-large',
  'no-upload-service',
  'slot-refused',
  'insecure-url',
  'upload-failed',
  'download-failed',
  'size-mismatch',
  'hash-mismatch',
  'stalled',
  'file-unreadable',
  'disk',
  'not-connected',
  /** Direct (peer-to-peer) transfers: the peer said no. */
  'declined',
  /** The sender withdrew the offer, or it lapsed (a restart, the peer's device went away). */
  'offer-gone',
  /** No transport worked: data channel, SOCKS5 (direct and proxy) and in-band all failed. */
  'no-transport',
  /** No device of the contact takes Jingle file transfer, or none is online. */
  'peer-unreachable',
  /**
   * The conversation is encrypted and the file could not be (no device of the contact could be
   * sealed to), or an encrypted offer's key did not open: nothing went in clear instead.
   */
  'cannot-encrypt',
  'unknown',
]);
export type TransferErrorCode = z.infer<typeof transferErrorCode>;

/** The Jingle transports of a direct transfer (Parley tries SOCKS5, then webrtc, then ibb). */
export const directTransport = z.enum(['webrtc', 'socks5', 'ibb']);
export type DirectTransport = z.infer<typeof directTransport>;

/** How a direct (XEP-0234) transfer travels; absent for HTTP upload/download. */
export const directRoute = z.object({
  /** The transport in use; null while negotiating. */
  transport: directTransport.nullable(),
  /** The bytes are end-to-end encrypted (the conversation uses OMEMO). */
  encrypted: z.boolean(),
});
export type DirectRoute = z.infer<typeof directRoute>;

export const transfer = z.object({
  id: z.string().min(1).max(64),
  accountId,
  /** The conversation: a contact, a room, or room/nick. */
  peer: jidText,
  direction: transferDirection,
  /** The message that carries (upload) or announced (download) the file; null until sent. */
  messageId: z.string().nullable(),
  name: z.string(),
  size: z.number().int().nonnegative().nullable(),
  mediaType: z.string().nullable(),
  /** Bytes moved so far. */
  bytes: z.number().int().nonnegative(),
  /** Recent rate in bytes per second (0 when not moving). */
  rate: z.number().nonnegative(),
  state: transferState,
  error: z.object({ code: transferErrorCode, message: z.string() }).nullable(),
  /** The downloaded file, once complete (downloads); the source file (uploads). */
  localPath: z.string().nullable(),
  createdAt: z.number(),
  /** Set for a peer-to-peer transfer (XEP-0234); absent for the HTTP paths. */
  direct: directRoute.optional(),
});
export type Transfer = z.infer<typeof transfer>;

/**
 * An opaque, one-use handle on a file the user dropped or picked in the desktop app. The
 * renderer never names a path: Electron main registers the file when the preload reports a real
 * drop (webUtils.getPathForFile) or when main's own open dialog returns, and hands back this
 * token; main resolves it when files.send arrives. The WebSocket host resolves none.
 */
export const fileGrant = z.string().regex(/^[A-Za-z0-9_-]{22,64}$/, 'not a file grant');

/**
 * Words typed with a file in the confirm step. Sent as a text message right after the file's
 * message, so every client shows it (XEP-0446's <desc> is shown by almost none).
 */
export const fileCaption = z.string().max(100_000).optional();

/** One file to send: a grant (desktop: dropped or picked) or, from the browser host, the
 * bytes themselves (base64, bounded). Never a path. */
export const outgoingFile = z.union([
  z.object({
    grant: fileGrant,
    /** For the transfer card if the grant is refused; the name sent is the file's own. */
    name: z.string().min(1).max(1024),
    caption: fileCaption,
  }),
  z.object({
    name: z.string().min(1).max(1024),
    mediaType: z.string().max(255).default('application/octet-stream'),
    /** Base64; the dev/test host's path. 64 MiB of file at most. */
    base64: z.string().max(90_000_000),
    caption: fileCaption,
  }),
]);
export type OutgoingFile = z.infer<typeof outgoingFile>;

export const uploadService = z.object({
  accountId,
  available: z.boolean(),
  service: jidText.nullable(),
  /** Largest file the service takes, in bytes; null when it sets no limit. */
  maxSize: z.number().int().nonnegative().nullable(),
});
export type UploadService = z.infer<typeof uploadService>;

export const filePreview = z.object({
  mediaType: z.string(),
  /** data: URL of the image or video, for inline preview. */
  dataUrl: z.string(),
});
export type FilePreview = z.infer<typeof filePreview>;

/** Whether `peer` can take a direct (XEP-0234) transfer now: one of its online devices announces
 * Jingle file transfer and a transport we share. */
export const directSupport = z.object({
  supported: z.boolean(),
  /** The transports that device shares with us, best first. */
  transports: z.array(directTransport),
});
export type DirectSupport = z.infer<typeof directSupport>;
