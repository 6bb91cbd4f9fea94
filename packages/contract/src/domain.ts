import { z } from 'zod';
import { attachment } from './files.js';
import { omemoDecryptError, omemoDeviceId, omemoTrust, omemoVersion } from './omemo.js';

import { accountId, jidText } from './ids.js';
import { accountOptionFields } from './account-options.js';
import { backendText } from './backend-texts.js';
import { callLog } from './calls.js';

export { accountId, jidText };

export const tlsMode = z.enum(['auto', 'starttls', 'direct']);
export type TlsMode = z.infer<typeof tlsMode>;

export const connectionState = z.enum(['disconnected', 'connecting', 'online', 'error']);
export type ConnectionState = z.infer<typeof connectionState>;

/** Why a connection failed, in a form the UI can explain in words. */
export const connectionErrorCode = z.enum([
  'auth-failed',
  'host-unreachable',
  'certificate-untrusted',
  'tls-failed',
  'stream-error',
  'conflict',
  /** The account's proxy could not be reached or refused (never a direct fallback). */
  'proxy-failed',
  'unknown',
]);
export type ConnectionErrorCode = z.infer<typeof connectionErrorCode>;

export const certificateInfo = z.object({
  subject: z.string(),
  issuer: z.string(),
  validFrom: z.string(),
  validTo: z.string(),
  fingerprint256: z.string(),
  /** Why Node's TLS refused it, e.g. SELF_SIGNED_CERT_IN_CHAIN. */
  reason: z.string(),
});
export type CertificateInfo = z.infer<typeof certificateInfo>;

export const show = z.enum(['available', 'chat', 'away', 'xa', 'dnd', 'offline']);
export type Show = z.infer<typeof show>;

export const ownPresence = z.object({
  show: show.exclude(['offline']),
  status: z.string().max(1024),
});
export type OwnPresence = z.infer<typeof ownPresence>;

export const account = z.object({
  id: accountId,
  jid: jidText,
  host: z.string().nullable(),
  port: z.number().int().nullable(),
  tlsMode,
  pinnedFingerprint256: z.string().nullable(),
  enabled: z.boolean(),
  state: connectionState,
  /** `text`: the reason in the user's language (absent from older backends: show `message`). */
  error: z
    .object({ code: connectionErrorCode, message: z.string(), text: backendText.optional() })
    .nullable(),
  /** Set when the last attempt stopped on a certificate the user may choose to pin. */
  untrustedCertificate: certificateInfo.nullable(),
  ownPresence,
  /** Files from roster contacts up to this size (bytes) download by themselves; 0 turns it off. */
  autoDownloadBytes: z.number().int().nonnegative(),
  /** Whether XEP-0085 chat states (typing, <active/> on messages) are sent; privacy setting. */
  sendChatStates: z.boolean(),
  ...accountOptionFields,
});
export type Account = z.infer<typeof account>;

export const subscription = z.enum(['none', 'to', 'from', 'both']);
export type Subscription = z.infer<typeof subscription>;

export const resourcePresence = z.object({
  resource: z.string(),
  show,
  status: z.string(),
  priority: z.number().int(),
  /**
   * What this device can take in a call, from the disco features its XEP-0115 caps name
   * (XEP-0167 RTP audio/video, started by XEP-0353 or XEP-0166); absent while not known.
   */
  callMedia: z
    .array(z.enum(['audio', 'video']))
    .max(2)
    .optional(),
});
export type ResourcePresence = z.infer<typeof resourcePresence>;

export const contact = z.object({
  accountId,
  jid: jidText,
  name: z.string(),
  groups: z.array(z.string()),
  subscription,
  /** A subscription request we sent that is not yet answered. */
  askSubscribe: z.boolean(),
  /** Best presence across resources (highest priority, then most available). */
  show,
  status: z.string(),
  resources: z.array(resourcePresence),
  /** The nick the contact published (XEP-0172), shown where the roster has no name. */
  nick: z.string().max(256).nullable().optional(),
});
export type Contact = z.infer<typeof contact>;

export const messageDirection = z.enum(['in', 'out']);
export const messageStatus = z.enum([
  'pending',
  'sent',
  'acked',
  'delivered',
  'received',
  'failed',
]);
export type MessageStatus = z.infer<typeof messageStatus>;

export const messageEdited = z.object({
  /** UTC ms of the newest correction. */
  at: z.number(),
  /** How many corrections were applied. */
  count: z.number().int().min(1),
});
export type MessageEdited = z.infer<typeof messageEdited>;

export const messageRetracted = z.object({
  /** Who removed it: the sender's address, or the moderator (room/nick, or the room). */
  by: z.string(),
  at: z.number(),
  /** moderated: removed by a room moderator (XEP-0425), not by its sender. */
  moderated: z.boolean(),
  reason: z.string().nullable(),
});
export type MessageRetracted = z.infer<typeof messageRetracted>;
export const messageReaction = z.object({
  emoji: z.string().min(1).max(64),
  count: z.number().int().positive(),
  mine: z.boolean(),
  by: z.array(z.string()),
});
export type MessageReaction = z.infer<typeof messageReaction>;

export const messageReplyTo = z.object({
  id: z.string().nullable(),
  author: z.string(),
  preview: z.string(),
});
export type MessageReplyTo = z.infer<typeof messageReplyTo>;

export const message = z.object({
  id: z.string(),
  accountId,
  peer: jidText,
  direction: messageDirection,
  body: z.string(),
  /** UTC milliseconds: the sender's delay stamp where given, else the receive time. */
  timestamp: z.number(),
  status: messageStatus,
  originId: z.string().nullable(),
  stanzaId: z.string().nullable(),
  /**
   * The resource of the peer (incoming) or of our own other client (carbon-copied outgoing).
   * In a room: the sender's nickname (ours for outgoing).
   */
  resource: z.string().nullable(),
  /** Outgoing message sent by one of the user's other clients (Message Carbons). */
  fromOtherDevice: z.boolean(),
  /** A shared file (XEP-0066 / XEP-0447); the body then holds its URL for older clients. */
  attachment: attachment.nullable(),
  /**
   * Corrected (XEP-0308): when last and how often; the body is the newest text and
   * `messages.editHistory` gives every version. Absent or null: never corrected.
   */
  edited: messageEdited.nullable().optional(),
  /**
   * A tombstone (XEP-0424 retraction by its sender, or XEP-0425 moderation in a room): the body
   * and file are gone from the store. Absent or null: not retracted.
   */
  retracted: messageRetracted.nullable().optional(),
  /**
   * Why an outgoing message failed (status 'failed'), in words: the error its recipient's
   * side bounced (RFC 6120 §8.3). Absent when not known (e.g. after a restart).
   */
  error: z.string().max(2_000).nullable().optional(),
  /** The same reason as a text the renderer translates (absent: show `error` as it is). */
  errorText: backendText.nullable().optional(),
  /**
   * XEP-0444 reactions, one entry per emoji: how many reacted with it, whether we did, and who
   * (JIDs in chats, nicks in rooms). Absent on events that do not carry them: keep what you had.
   */
  reactions: z.array(messageReaction).max(200).optional(),
  /** XEP-0461: the message this one answers (id: ours for it; null when we do not have it). */
  replyTo: messageReplyTo.nullable().optional(),
  /** XEP-0333: our message was displayed to the peer (a "seen" tick). */
  displayed: z.boolean().optional(),
  /** OMEMO: which version it was encrypted with. Absent or null: sent in the clear. */
  encryption: omemoVersion.nullable().optional(),
  /** OMEMO: the sender's device id (incoming, or from our other device). */
  senderDevice: omemoDeviceId.nullable().optional(),
  /** OMEMO: the trust in the sender device when the message arrived (not updated later). */
  trust: omemoTrust.nullable().optional(),
  /** OMEMO: why it could not be decrypted; the body is then empty, never the fallback text. */
  decryptError: omemoDecryptError.nullable().optional(),
  /** XEP-0393 §6: the sender asked for the body to be shown as written, without styling. */
  unstyled: z.boolean().optional(),
  /** A call (XEP-0353/Jingle) shown in the timeline; the body is then empty. */
  call: callLog.nullable().optional(),
});
export type Message = z.infer<typeof message>;

/** One version of a corrected message, oldest (the original) first. */
export const messageVersion = z.object({ body: z.string(), at: z.number() });
export type MessageVersion = z.infer<typeof messageVersion>;

/** chat: one-to-one; room: a group chat (peer is the room's bare JID); private: a message to a
 * room occupant (peer is the room/nick full JID). */
export const conversationKind = z.enum(['chat', 'room', 'private']);
export type ConversationKind = z.infer<typeof conversationKind>;

/**
 * default: every message in a chat, mentions of our nick in a room (as Gajim and Dino do);
 * all: every message; mentions: only those naming our nick; never: none (muted).
 */
export const notifyMode = z.enum(['default', 'all', 'mentions', 'never']);
export type NotifyMode = z.infer<typeof notifyMode>;

export const conversation = z.object({
  accountId,
  peer: jidText,
  kind: conversationKind,
  name: z.string(),
  lastMessage: z
    .object({
      body: z.string(),
      direction: messageDirection,
      timestamp: z.number(),
      /**
       * The newest message is a tombstone (body ''): deleted by its sender, or removed by a room
       * moderator. Absent: an ordinary message.
       */
      retracted: z.enum(['sender', 'moderator']).optional(),
      /** The newest item is a call (body ''): how it went, for "Missed call", "Call, 2:05". */
      call: callLog.pick({ media: true, outcome: true, durationMs: true }).optional(),
    })
    .nullable(),
  unread: z.number().int().nonnegative(),
  /** Unread room messages that mention our nickname. */
  mentions: z.number().int().nonnegative(),
  /** When to show a desktop notification for a new message here. */
  notify: notifyMode,
  updatedAt: z.number(),
});
export type Conversation = z.infer<typeof conversation>;

export const chatState = z.enum(['active', 'composing', 'paused', 'inactive', 'gone']);
export type ChatState = z.infer<typeof chatState>;

export const subscriptionRequest = z.object({
  accountId,
  jid: jidText,
  name: z.string().nullable(),
});
export type SubscriptionRequest = z.infer<typeof subscriptionRequest>;

export const errorCode = z.enum([
  'unknown-command',
  'invalid-payload',
  'not-found',
  'not-connected',
  'conflict',
  'failed',
]);
export type ErrorCode = z.infer<typeof errorCode>;
/** `message` is English (logs, older renderers); `text`, when set, is what the user reads. */
export const commandError = z.object({
  code: errorCode,
  message: z.string(),
  text: backendText.optional(),
});
export type CommandError = z.infer<typeof commandError>;
