// Group chat (XEP-0045 MUC, XEP-0249 invitations, XEP-0402 bookmarks) domain types.
import { z } from 'zod';
import { backendText } from './backend-texts.js';
import { accountId, jidText, show } from './domain.js';

/** A room nickname: resourceprep'd by the server; we only bound its size here. */
export const nick = z.string().min(1).max(1023);

export const mucRole = z.enum(['moderator', 'participant', 'visitor', 'none']);
export type MucRole = z.infer<typeof mucRole>;
export const mucAffiliation = z.enum(['owner', 'admin', 'member', 'outcast', 'none']);
export type MucAffiliation = z.infer<typeof mucAffiliation>;

export const occupant = z.object({
  nick,
  /** The occupant's real JID where the room shows it (non-anonymous, or we moderate). */
  jid: jidText.nullable(),
  role: mucRole,
  affiliation: mucAffiliation,
  show,
  status: z.string(),
});
export type Occupant = z.infer<typeof occupant>;

/** joining → joined; error when the join failed (see error); left after leave/kick/ban. */
export const roomState = z.enum(['joining', 'joined', 'left', 'error']);
export type RoomState = z.infer<typeof roomState>;

/** Why a join failed or why we are out of the room, for the UI to explain in words. */
export const roomErrorCode = z.enum([
  'nickname-in-use',
  'nickname-invalid',
  'password-required',
  'members-only',
  'banned',
  'not-found',
  'room-full',
  'forbidden',
  'kicked',
  'destroyed',
  'removed',
  'timeout',
  'not-connected',
  'unknown',
]);
export type RoomErrorCode = z.infer<typeof roomErrorCode>;

export const roomFeatures = z.object({
  public: z.boolean(),
  persistent: z.boolean(),
  membersOnly: z.boolean(),
  moderated: z.boolean(),
  passwordProtected: z.boolean(),
  /** Everyone sees real JIDs (whois anyone). */
  nonAnonymous: z.boolean(),
  /** The room keeps a XEP-0313 archive. */
  archived: z.boolean(),
});
export type RoomFeatures = z.infer<typeof roomFeatures>;

export const room = z.object({
  accountId,
  /** The room's bare JID. */
  jid: jidText,
  /** The room's name (disco#info or bookmark); empty when it has none. */
  name: z.string(),
  description: z.string(),
  nick,
  state: roomState,
  error: z.object({ code: roomErrorCode, message: z.string() }).nullable(),
  /** A nickname to offer when `error.code` is nickname-in-use. */
  suggestedNick: nick.nullable(),
  subject: z.string(),
  /** Whether our role/affiliation lets us change the subject (or the room lets anyone). */
  canSetSubject: z.boolean(),
  ownRole: mucRole,
  ownAffiliation: mucAffiliation,
  occupantCount: z.number().int().nonnegative(),
  features: roomFeatures.nullable(),
  bookmarked: z.boolean(),
  autojoin: z.boolean(),
});
export type Room = z.infer<typeof room>;

export const roomNoticeKind = z.enum([
  'join',
  'leave',
  'nick',
  'role',
  'affiliation',
  'kick',
  'ban',
  'subject',
  'config',
  'destroyed',
  /** The room refused something we sent it (value: why, in words). */
  'error',
]);
export type RoomNoticeKind = z.infer<typeof roomNoticeKind>;

/** Something that happened in a room other than a message: shown (collapsible) in the timeline. */
export const roomNotice = z.object({
  accountId,
  room: jidText,
  kind: roomNoticeKind,
  /** Empty for what the room itself says (configuration changes, a subject set by the room). */
  nick: z.string().max(1023),
  /** nick: the new nickname; role/affiliation: the new one; subject: the new subject. */
  value: z.string().nullable(),
  /** kind error: the value as a text the renderer translates (absent: show `value`). */
  text: backendText.optional(),
  actor: z.string().nullable(),
  reason: z.string().nullable(),
  timestamp: z.number(),
});
export type RoomNotice = z.infer<typeof roomNotice>;

export const mucService = z.object({ jid: jidText, name: z.string() });
export type MucService = z.infer<typeof mucService>;

export const publicRoom = z.object({
  jid: jidText,
  name: z.string(),
  description: z.string(),
  /** Null when the room does not say. */
  occupants: z.number().int().nonnegative().nullable(),
  membersOnly: z.boolean(),
  passwordProtected: z.boolean(),
});
export type PublicRoom = z.infer<typeof publicRoom>;

/** XEP-0004 field types. */
export const formFieldType = z.enum([
  'boolean',
  'fixed',
  'hidden',
  'jid-multi',
  'jid-single',
  'list-multi',
  'list-single',
  'text-multi',
  'text-private',
  'text-single',
]);
export const formField = z.object({
  var: z.string().max(1024).nullable(),
  type: formFieldType,
  label: z.string(),
  desc: z.string(),
  required: z.boolean(),
  values: z.array(z.string()),
  options: z.array(z.object({ label: z.string(), value: z.string() })),
});
export type FormField = z.infer<typeof formField>;
export const dataForm = z.object({
  title: z.string(),
  instructions: z.string(),
  fields: z.array(formField),
});
export type DataForm = z.infer<typeof dataForm>;
/** Submitted values by field var. */
export const formValues = z.record(
  z.string().min(1).max(1024),
  z.array(z.string().max(100_000)).max(1000),
);
export type FormValues = z.infer<typeof formValues>;

export const invitation = z.object({
  accountId,
  room: jidText,
  /** Who invited us (a real bare JID). */
  from: jidText,
  reason: z.string(),
  password: z.string().nullable(),
  /** direct: XEP-0249; mediated: through the room (XEP-0045 §7.8.2). */
  mode: z.enum(['direct', 'mediated']),
  receivedAt: z.number(),
});
export type Invitation = z.infer<typeof invitation>;

export const affiliationEntry = z.object({
  jid: jidText,
  affiliation: mucAffiliation,
  nick: z.string().nullable(),
  reason: z.string().nullable(),
});
export type AffiliationEntry = z.infer<typeof affiliationEntry>;
