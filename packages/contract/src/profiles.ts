import { z } from 'zod';
import { accountId, jidText } from './ids.js';

/*
 * Profiles and contact details (issue 11): vCard4 (XEP-0292) with vcard-temp (XEP-0054)
 * fallback, our nick (XEP-0172), and what a contact's resources and server tell about them
 * (XEP-0092 version, XEP-0202 time, XEP-0012 last activity). Spread into `commands`.
 */

export const MAX_PROFILE_FIELD = 1_000;
export const MAX_PROFILE_NOTE = 4_000;

const field = z.string().max(MAX_PROFILE_FIELD);

/** The profile fields Parley shows and edits; '' for a field that is not set. */
export const profileFields = z.object({
  fullName: field,
  nickname: field,
  email: field,
  organisation: field,
  note: z.string().max(MAX_PROFILE_NOTE),
  url: field,
  birthday: field,
  phone: field,
});
export type ProfileFieldsView = z.infer<typeof profileFields>;

/** Who may read our vCard4: contacts with a presence subscription, or anyone. */
export const profileAccess = z.enum(['presence', 'open']);
export type ProfileAccessChoice = z.infer<typeof profileAccess>;

/** Where a profile came from; null when the contact has none (or we may not read it). */
export const profileSource = z.enum(['vcard4', 'vcard-temp']).nullable();

/** A value that was asked for, or why it could not be had (per field, never the dialog). */
const answer = <T extends z.ZodTypeAny>(value: T) =>
  z.object({ value: value.nullable(), error: z.string().max(500).nullable() });

export const softwareVersionView = z.object({
  name: z.string().max(256),
  version: z.string().max(256),
  os: z.string().max(256),
});
export const entityTimeView = z.object({
  utcMs: z.number(),
  /** Minutes east of UTC. */
  tzoMinutes: z.number().int(),
});
export const lastActivityView = z.object({
  seconds: z.number().int().nonnegative(),
  status: z.string().max(1024),
});

export const profileCommands = {
  /** A contact's profile (ours with our own bare JID): vCard4, else vcard-temp. */
  'profile.get': {
    request: z.object({ accountId, jid: jidText }),
    response: z.object({
      profile: profileFields.nullable(),
      source: profileSource,
      /** Why neither could be read (timeout, server error); null when one could, or none exists. */
      error: z.string().max(500).nullable(),
    }),
  },
  /** Publishes our profile: vCard4 with the chosen access, vcard-temp kept in step (PHOTO kept),
   * our nick when it changed. */
  'profile.set': {
    request: z.object({ accountId, profile: profileFields, access: profileAccess }),
    response: z.object({
      ok: z.literal(true),
      /** The vcard-temp copy for older clients failed (the vCard4 is published). */
      vcardTempError: z.string().max(500).nullable(),
    }),
  },
  /** What one resource tells about itself: client (XEP-0092) and local time (XEP-0202). */
  'contact.resource.info': {
    request: z.object({ accountId, jid: jidText, resource: z.string().min(1).max(1023) }),
    response: z.object({
      client: answer(softwareVersionView),
      time: answer(entityTimeView),
    }),
  },
  /** When an offline contact was last online (XEP-0012, asked of their bare JID). */
  'contact.lastActivity': {
    request: z.object({ accountId, jid: jidText }),
    response: answer(lastActivityView),
  },
} as const;
