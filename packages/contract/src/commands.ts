import { z } from 'zod';
import {
  account,
  accountId,
  chatState,
  contact,
  conversation,
  jidText,
  message,
  messageVersion,
  notifyMode,
  ownPresence,
  subscriptionRequest,
  tlsMode,
} from './domain.js';
import {
  affiliationEntry,
  dataForm,
  formValues,
  invitation,
  mucAffiliation,
  mucRole,
  mucService,
  nick,
  occupant,
  publicRoom,
  room,
} from './rooms.js';
import { directSupport, filePreview, outgoingFile, transfer, uploadService } from './files.js';
import { xmppUri } from './links.js';
import { settingChange, settingEntry, settingRef } from './settings.js';
import { searchPage, searchRequest } from './search.js';
import { accountOptionCommands } from './account-options.js';
import { conversationEncryption, omemoConversationState, omemoTrustCommands } from './omemo.js';
import { serverToolsCommands } from './server-tools.js';
import { profileCommands } from './profiles.js';
import { registrationCommands } from './registration.js';
import { inviteCommands } from './invites.js';
import { avatarCommands } from './avatars.js';
import { roomCreateCommands } from './room-create.js';
import { linkPreviewCommands } from './link-preview.js';
import { blockingCommands } from './blocking.js';
import { callCommands } from './calls.js';

const ok = z.object({ ok: z.literal(true) });
const peerRef = z.object({ accountId, peer: jidText });
const roomRef = z.object({ accountId, room: jidText });
const reason = z.string().max(4096).default('');

const accountSettings = z.object({
  jid: jidText,
  password: z.string().min(1).max(1024),
  /** Connect here instead of resolving the domain (e.g. 127.0.0.1). */
  host: z.string().min(1).max(255).nullable().default(null),
  port: z.number().int().min(1).max(65535).nullable().default(null),
  tlsMode: tlsMode.default('auto'),
});

/**
 * Every command the renderer may send: name → request schema and response schema.
 * The backend validates the request; transports derive their channel names from these keys.
 */
export const commands = {
  'accounts.list': { request: z.object({}), response: z.array(account) },
  'accounts.add': {
    request: accountSettings.extend({ connect: z.boolean().default(true) }),
    response: account,
  },
  'accounts.update': {
    request: z.object({
      id: accountId,
      password: z.string().min(1).max(1024).optional(),
      host: z.string().min(1).max(255).nullable().optional(),
      port: z.number().int().min(1).max(65535).nullable().optional(),
      tlsMode: tlsMode.optional(),
      enabled: z.boolean().optional(),
    }),
    response: account,
  },
  'accounts.remove': { request: z.object({ id: accountId }), response: ok },
  'accounts.connect': { request: z.object({ id: accountId }), response: ok },
  'accounts.disconnect': { request: z.object({ id: accountId }), response: ok },
  /** Pin exactly the certificate last shown as untrusted (matched by fingerprint), then connect. */
  'accounts.pinCertificate': {
    request: z.object({ id: accountId, fingerprint256: z.string().regex(/^[0-9A-F:]{95}$/) }),
    response: account,
  },
  'presence.set': { request: z.object({ accountId }).and(ownPresence), response: ok },
  ...accountOptionCommands,

  'roster.list': { request: z.object({ accountId }), response: z.array(contact) },
  'roster.add': {
    request: z.object({
      accountId,
      jid: jidText,
      name: z.string().max(1024).default(''),
      groups: z.array(z.string().min(1).max(1024)).max(100).default([]),
    }),
    response: ok,
  },
  'roster.update': {
    request: z.object({
      accountId,
      jid: jidText,
      name: z.string().max(1024),
      groups: z.array(z.string().min(1).max(1024)).max(100),
    }),
    response: ok,
  },
  'roster.remove': { request: z.object({ accountId, jid: jidText }), response: ok },
  'subscriptions.pending': { request: z.object({}), response: z.array(subscriptionRequest) },
  /**
   * On accepting someone not yet in the roster, `name` is the roster name the user chose; the
   * nickname the requester announced is never taken as it (a stranger chooses it).
   */
  'subscriptions.answer': {
    request: z.object({
      accountId,
      jid: jidText,
      accept: z.boolean(),
      name: z.string().max(1024).default(''),
    }),
    response: ok,
  },

  'conversations.list': { request: z.object({}), response: z.array(conversation) },
  'conversations.open': { request: peerRef, response: conversation },
  'conversations.markRead': { request: peerRef, response: ok },
  /** Desktop notifications for this conversation (see notifyMode); answers the updated one. */
  'conversations.setNotify': {
    request: peerRef.extend({ notify: notifyMode }),
    response: conversation,
  },
  /**
   * Messages older than `before` (a message id), newest page first when absent.
   * Falls back to the server archive when the store runs out.
   */
  'messages.page': {
    request: peerRef.extend({
      before: z.string().max(128).nullable().default(null),
      limit: z.number().int().min(1).max(500).default(50),
    }),
    response: z.object({ messages: z.array(message), complete: z.boolean() }),
  },
  'messages.send': {
    request: peerRef.extend({
      body: z.string().min(1).max(100_000),
      /** XEP-0461: the id of the message this one answers (quoted for clients without support). */
      replyTo: z.string().min(1).max(128).nullable().optional(),
    }),
    response: message,
  },
  /**
   * XEP-0444: our whole set of reactions on a message (replaces the previous set; [] removes
   * them all). Answers the message with its reactions.
   */
  'messages.react': {
    request: peerRef.extend({
      messageId: z.string().min(1).max(128),
      emojis: z.array(z.string().min(1).max(64)).max(20),
    }),
    response: message,
  },
  /**
   * Correct one of our own messages (XEP-0308): stored first, then sent; a message still
   * pending is just changed. Answers the updated message. Fails with 'not-found' for an unknown
   * message and 'invalid-payload' for someone else's or a retracted one.
   */
  'messages.correct': {
    request: peerRef.extend({
      messageId: z.string().min(1).max(128),
      body: z.string().min(1).max(100_000),
    }),
    response: message,
  },
  /**
   * Retract one of our own messages (XEP-0424): the text and file are removed from the store at
   * once, and the retraction is sent (kept and sent again after a cut). Answers the tombstone.
   */
  'messages.retract': {
    request: peerRef.extend({ messageId: z.string().min(1).max(128) }),
    response: message,
  },
  /** Every version of a message, the original first (one entry if never corrected). */
  'messages.editHistory': {
    request: peerRef.extend({ messageId: z.string().min(1).max(128) }),
    response: z.array(messageVersion),
  },
  'chatStates.send': { request: peerRef.extend({ state: chatState }), response: ok },
  /** Full-text search over stored messages, in one conversation, one account or all. */
  'messages.search': { request: searchRequest, response: searchPage },
  /**
   * Open a message in context: the messages older than `before` (the oldest one loaded; null
   * for the newest) down to and including `id`, plus `context` older ones, oldest first, so the
   * page joins the timeline already shown. Fails with not-found when `id` is not in the
   * conversation (or not older than `before`), with failed when it lies too far back.
   */
  'messages.context': {
    request: peerRef.extend({
      id: z.string().min(1).max(128),
      before: z.string().max(128).nullable().default(null),
      context: z.number().int().min(0).max(200).default(20),
    }),
    response: z.object({ messages: z.array(message), complete: z.boolean() }),
  },
  /** Send one of our own failed messages again, under the same id (so repeats are known). */
  'messages.retry': {
    request: peerRef.extend({ id: z.string().min(1).max(128) }),
    response: message,
  },

  /** Every room known on every account: joined, joining, failed, or bookmarked. */
  'rooms.list': { request: z.object({}), response: z.array(room) },
  /**
   * Join (or retry joining). Resolves when the room answers: `state` is then 'joined', or
   * 'error' with the reason in `error` (nickname in use, password required, not found...).
   */
  'rooms.join': {
    request: roomRef.extend({
      nick,
      password: z.string().max(1024).nullable().default(null),
    }),
    response: room,
  },
  /**
   * Create a room we will own. instant: accept the default configuration (public);
   * otherwise the room stays locked until `rooms.submitConfig` (or is destroyed by
   * `rooms.cancelConfig`). Fails with 'conflict' when the room already exists.
   */
  'rooms.create': {
    request: roomRef.extend({ nick, instant: z.boolean().default(true) }),
    response: room,
  },
  'rooms.leave': { request: roomRef, response: ok },
  /** Forget a room that is not joined (no bookmark): it leaves the list. */
  'rooms.forget': { request: roomRef, response: ok },
  'rooms.occupants': { request: roomRef, response: z.array(occupant) },
  'rooms.setSubject': {
    request: roomRef.extend({ subject: z.string().max(10_000) }),
    response: ok,
  },
  'rooms.setNick': { request: roomRef.extend({ nick }), response: room },
  /** The room configuration form (owners only). */
  'rooms.getConfig': { request: roomRef, response: dataForm },
  'rooms.submitConfig': { request: roomRef.extend({ values: formValues }), response: ok },
  /** Cancel the configuration of a room still locked after `rooms.create`: it is destroyed. */
  'rooms.cancelConfig': { request: roomRef, response: ok },
  'rooms.destroy': {
    request: roomRef.extend({ reason, alternate: jidText.nullable().default(null) }),
    response: ok,
  },
  /** Kick is role 'none'; voice is 'participant' (grant) or 'visitor' (revoke). */
  'rooms.setRole': {
    request: roomRef.extend({ nick, role: mucRole, reason }),
    response: ok,
  },
  /** Ban is affiliation 'outcast'; 'none' removes someone from a list. */
  'rooms.setAffiliation': {
    request: roomRef.extend({ jid: jidText, affiliation: mucAffiliation, reason }),
    response: ok,
  },
  /** Everyone with this affiliation (member list, admins, owners, banned). */
  'rooms.affiliations': {
    request: roomRef.extend({ affiliation: mucAffiliation.exclude(['none']) }),
    response: z.array(affiliationEntry),
  },
  'rooms.invite': {
    request: roomRef.extend({
      jid: jidText,
      reason,
      /** direct: XEP-0249 message to the invitee; mediated: sent through the room. */
      mode: z.enum(['direct', 'mediated']).default('direct'),
    }),
    response: ok,
  },
  /** Bookmark (XEP-0402, or XEP-0048 where the server lacks it) or unbookmark a room. */
  'rooms.bookmark': {
    request: roomRef.extend({
      bookmarked: z.boolean(),
      autojoin: z.boolean().default(true),
      /** The name the bookmark gives the room (F2 on it); left out, the name stays. */
      name: z.string().max(1024).optional(),
    }),
    response: room,
  },
  /**
   * Remove someone's message from a room as its moderator (XEP-0425). Resolves when the room
   * agreed; the tombstone follows with the room's broadcast. 'failed' with the room's
   * reason when it refuses (we are no moderator there).
   */
  'rooms.moderate': {
    request: roomRef.extend({ messageId: z.string().min(1).max(128), reason }),
    response: ok,
  },
  /** MUC services of the account's server (disco#items + disco#info). */
  'muc.services': { request: z.object({ accountId }), response: z.array(mucService) },
  /** Public rooms of one service, with names, descriptions and occupant counts. */
  'muc.rooms': {
    request: z.object({ accountId, service: jidText }),
    response: z.array(publicRoom),
  },
  /** The account's XEP-0363 upload service and its size limit (asks the server once). */
  'files.uploadService': { request: z.object({ accountId }), response: uploadService },
  /** Upload each file and send it to `peer` (a contact, a room or room/nick), one message each. */
  'files.send': {
    request: peerRef.extend({ files: z.array(outgoingFile).min(1).max(20) }),
    response: z.array(transfer),
  },
  /**
   * Send each file peer to peer (XEP-0234 Jingle file transfer) to a contact's online device that
   * takes it, one file message each; no server keeps a copy. Fails (`failed`, peer-unreachable) when no
   * device does (see files.directSupport).
   */
  'files.sendDirect': {
    request: peerRef.extend({ files: z.array(outgoingFile).min(1).max(20) }),
    response: z.array(transfer),
  },
  /** Whether a contact can take a direct transfer now (asks its devices' capabilities). */
  'files.directSupport': { request: peerRef, response: directSupport },
  /** Decline a file offered peer to peer (an attachment with `direct`); the sender is told. */
  'files.decline': {
    request: z.object({ accountId, messageId: z.string().min(1).max(128) }),
    response: ok,
  },
  /**
   * Fetch the file a message announced into the downloads folder. For a direct offer this
   * accepts it (the sender then starts sending).
   */
  'files.download': {
    request: z.object({ accountId, messageId: z.string().min(1).max(128) }),
    response: transfer,
  },
  /** A finished image or short video as a data: URL, for inline preview (bounded size). */
  'files.preview': { request: z.object({ id: z.string().min(1).max(64) }), response: filePreview },
  /** Open a downloaded file with the system's handler (only on the user's click). */
  'files.open': { request: z.object({ id: z.string().min(1).max(64) }), response: ok },
  /** Active and recent transfers of every account, newest first. */
  'transfers.list': { request: z.object({}), response: z.array(transfer) },
  'transfers.cancel': { request: z.object({ id: z.string().min(1).max(64) }), response: ok },
  'transfers.retry': { request: z.object({ id: z.string().min(1).max(64) }), response: transfer },
  'invitations.list': { request: z.object({}), response: z.array(invitation) },
  /** Accept (joins with `nick`) or decline (a mediated invitation's decline goes back). */
  'invitations.answer': {
    request: roomRef.extend({
      accept: z.boolean(),
      nick: nick.nullable().default(null),
      reason,
    }),
    response: ok,
  },
  /** A preference's value (its declared default when never set); see settings.ts. */
  'settings.get': { request: settingRef, response: settingEntry },
  /** Stores a preference (validated against its schema) and answers it as stored. */
  'settings.set': { request: settingChange, response: settingEntry },
  /** A conversation's OMEMO lock; asking decides the default once (on with devices). */
  'omemo.conversation.get': { request: peerRef, response: omemoConversationState },
  /** The user turns the lock on or off. */
  'omemo.conversation.set': {
    request: peerRef.extend({ encryption: conversationEncryption }),
    response: omemoConversationState,
  },
  ...omemoTrustCommands,
  ...serverToolsCommands,
  ...profileCommands,
  ...registrationCommands,
  ...inviteCommands,
  ...avatarCommands,
  ...roomCreateCommands,
  ...linkPreviewCommands,
  ...blockingCommands,
  ...callCommands,
  /** xmpp: links the system opened Parley with, oldest first; each is handed out once. */
  'links.take': { request: z.object({}), response: z.array(xmppUri) },
} as const;

export type Commands = typeof commands;
export type CommandName = keyof Commands;
export type CommandRequest<N extends CommandName> = z.input<Commands[N]['request']>;
export type CommandParsedRequest<N extends CommandName> = z.output<Commands[N]['request']>;
export type CommandResponse<N extends CommandName> = z.output<Commands[N]['response']>;
