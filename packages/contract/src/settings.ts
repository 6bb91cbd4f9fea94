// Every user preference, declared once: its schema, its default and whether it is app-wide or
// per account. A new preference is one entry here (and its use); the store keeps any of them
// in one table, and settings.get / settings.set / settings.changed carry them all.
import { z } from 'zod';
import { accountId } from './ids.js';

export type SettingScope = 'app' | 'account';

export interface SettingDefinition<S extends z.ZodType = z.ZodType> {
  scope: SettingScope;
  schema: S;
  default: z.output<S>;
}

function setting<S extends z.ZodType>(
  scope: SettingScope,
  schema: S,
  defaultValue: z.output<S>,
): SettingDefinition<S> {
  return { scope, schema, default: defaultValue };
}

const MB = 1024 * 1024;

export const SETTINGS = {
  /** Whether XEP-0085 chat states (typing, <active/> on messages) are sent: a privacy choice. */
  sendChatStates: setting('account', z.boolean(), true),
  /**
   * Files from roster contacts up to this size (bytes) download by themselves; 0 turns it
   * off. 5 MB, as Conversations defaults to.
   */
  autoDownloadBytes: setting(
    'account',
    z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    5 * MB,
  ),
  /** XEP-0393: show *bold*, _italic_, ~strike~, `code`, quotes and blocks styled, in all accounts. */
  messageStyling: setting('app', z.boolean(), true),
  /**
   * OMEMO (both versions) in every account: our device and bundles are published and device
   * lists followed, and a chat is encrypted by default once the contact has OMEMO devices (as
   * Conversations and Dino do; the chat's lock turns it off).
   */
  omemo: setting('app', z.boolean(), true),
  /** The colours: follow the system's light/dark choice, or always one of them. */
  theme: setting('app', z.enum(['system', 'light', 'dark']), 'system'),
  /** The interface's language: the system's when we have it, else one of the translations. */
  language: setting('app', z.enum(['system', 'en', 'de', 'ar']), 'system'),
  /** Enter sends and Shift+Enter starts a line; off, Ctrl+Enter sends and Enter starts a line. */
  sendOnEnter: setting('app', z.boolean(), true),
  /** Desktop notifications for new messages at all (each conversation's own choice still applies). */
  notifications: setting('app', z.boolean(), true),
  /** A short bundled sound with each notification: off by default, as most desktop apps. */
  notificationSound: setting('app', z.boolean(), false),
  /** The message's text in a notification; off, it names only the sender (for shared screens). */
  notificationText: setting('app', z.boolean(), true),
  /** XEP-0333: tell contacts when we have read their messages; a privacy choice, per account. */
  sendMarkers: setting('account', z.boolean(), true),
  /**
   * Where downloads land: an absolute path to an existing writable folder (checked by the
   * backend before it is stored), or '' for the default (the system's Downloads folder).
   */
  downloadsFolder: setting('app', z.string().max(4096), ''),
  /** A card with the title of a message's first link, fetched by us: off by default (privacy). */
  linkPreviews: setting('app', z.boolean(), false),
  /**
   * Calls only through the server's TURN relay (iceTransportPolicy 'relay'): the other side
   * never learns the user's IP address, at some cost in delay (Signal's "relay calls" option).
   */
  callsRelayOnly: setting('app', z.boolean(), false),
} as const;

export type Settings = typeof SETTINGS;
export type SettingKey = keyof Settings;
export type SettingValue<K extends SettingKey> = z.output<Settings[K]['schema']>;

export const settingKey = z.enum(Object.keys(SETTINGS) as [SettingKey, ...SettingKey[]]);

export function isSettingKey(key: unknown): key is SettingKey {
  return typeof key === 'string' && Object.prototype.hasOwnProperty.call(SETTINGS, key);
}

/** The default of a setting, as declared. */
export function settingDefault<K extends SettingKey>(key: K): SettingValue<K> {
  return SETTINGS[key].default as SettingValue<K>;
}

/** Parse a value for `key`; an error message when it does not fit the setting's schema. */
export function parseSettingValue<K extends SettingKey>(
  key: K,
  value: unknown,
): { ok: true; value: SettingValue<K> } | { ok: false; message: string } {
  const parsed = SETTINGS[key].schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data as SettingValue<K> };
  return { ok: false, message: `${key}: ${parsed.error.issues[0]?.message ?? 'invalid value'}` };
}

/** Why `accountId` does not fit the setting's scope, or null when it does. */
export function scopeProblem(key: SettingKey, accountId: string | null): string | null {
  const scope = SETTINGS[key].scope;
  if (scope === 'account' && accountId === null) return `${key} is per account: name the account`;
  if (scope === 'app' && accountId !== null) return `${key} is app-wide: no account`;
  return null;
}

/**
 * Which setting, and for whom: `accountId` names the account of a per-account setting and must
 * be null for an app-wide one.
 */
export const settingRef = z
  .object({ key: settingKey, accountId: accountId.nullable().default(null) })
  .superRefine((ref, ctx) => {
    const problem = scopeProblem(ref.key, ref.accountId);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['accountId'] });
  });

/** A setting with its value (the default when never set). */
export const settingEntry = z.object({
  key: settingKey,
  accountId: accountId.nullable(),
  value: z.unknown(),
});
export type SettingEntry = z.infer<typeof settingEntry>;

/** settings.set: the value is checked against the key's own schema, so a bad one changes nothing. */
export const settingChange = z
  .object({ key: settingKey, accountId: accountId.nullable().default(null), value: z.unknown() })
  .superRefine((change, ctx) => {
    const problem = scopeProblem(change.key, change.accountId);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['accountId'] });
    const value = parseSettingValue(change.key, change.value);
    if (!value.ok) ctx.addIssue({ code: 'custom', message: value.message, path: ['value'] });
  });
