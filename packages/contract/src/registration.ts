import { z } from 'zod';
import { proxyInput } from './account-options.js';
import { account, certificateInfo, connectionErrorCode, tlsMode } from './domain.js';
import { backendText } from './backend-texts.js';
import { accountId, jidText } from './ids.js';
import { xmppUri } from './links.js';
import { dataForm, formValues } from './rooms.js';

/*
 * First sign-in with a trial connection, in-band registration (XEP-0077) with data forms and
 * CAPTCHA forms (XEP-0158, media from XEP-0221/0231), password change and account deletion.
 */

export const mediaImageType = z.enum(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
export type MediaImageType = z.infer<typeof mediaImageType>;

/** XEP-0221 media of one form field: an inline image (from BoB) and/or web links to open. */
export const fieldMedia = z.object({
  var: z.string().max(1024),
  image: z.object({ type: mediaImageType, base64: z.string().max(90_000) }).nullable(),
  /** http(s) addresses the user may open in the system browser (never fetched by Parley). */
  links: z.array(z.string().max(2048)).max(4),
  width: z.number().int().positive().nullable(),
  height: z.number().int().positive().nullable(),
});
export type FieldMedia = z.infer<typeof fieldMedia>;

/** Why a sign-in, a sign-up or an account command failed, as a code the UI explains. */
export const signupFailureCode = z.enum([
  ...connectionErrorCode.options,
  /** The username is taken (XEP-0077 <conflict/>). */
  'taken',
  /** The server does not let anyone register here (not-allowed, forbidden, service-unavailable). */
  'not-allowed',
  /** The server refused a value: a weak password, an invalid username (not-acceptable). */
  'not-acceptable',
  /** A required field is missing or the answer (CAPTCHA) is wrong (bad-request). */
  'bad-request',
  'timeout',
  /** The invitation's token was refused: expired, already used, or unknown to the server. */
  'invite-invalid',
  /** The server refused a sign-up without an invitation, and it takes invitation tokens. */
  'invite-required',
]);
export type SignupFailureCode = z.infer<typeof signupFailureCode>;

export const signupFailure = z.object({
  code: signupFailureCode,
  message: z.string(),
  /** The reason as a text the renderer translates (absent: show `message`). */
  text: backendText.optional(),
  /** Set when the server's certificate is not trusted: what the user may decide to pin. */
  certificate: certificateInfo.nullable(),
});
export type SignupFailure = z.infer<typeof signupFailure>;

/** A registration form as fetched from the server, legacy fields shown as a data form. */
export const registrationForm = z.object({
  /** Refers to the open (encrypted, unauthenticated) stream the form belongs to. */
  id: z.string().max(64),
  server: jidText,
  form: dataForm,
  /** The server spoke XEP-0077's plain fields rather than a data form. */
  legacy: z.boolean(),
  /** XEP-0158: the form is a CAPTCHA challenge. */
  captcha: z.boolean(),
  media: z.array(fieldMedia),
  /** XEP-0077 §5 (jabber:x:oob): the server asks to register on its web page instead. */
  webPage: z.string().max(2048).nullable(),
});
export type RegistrationForm = z.infer<typeof registrationForm>;

const connectionSettings = {
  host: z.string().min(1).max(255).nullable().default(null),
  port: z.number().int().min(1).max(65535).nullable().default(null),
  tlsMode: tlsMode.default('auto'),
  /** The certificate the user chose to trust after it was shown as untrusted. */
  pinnedFingerprint256: z
    .string()
    .regex(/^[0-9A-F:]{95}$/)
    .nullable()
    .default(null),
  /**
   * Every connection of this sign-in or sign-up goes through it (the proxy resolves the names,
   * never a direct fallback); saved with the account. Absent or null: connect directly.
   */
  proxy: proxyInput.nullable().default(null),
};

const failed = z.object({ ok: z.literal(false), failure: signupFailure });
const ok = z.object({ ok: z.literal(true) });

export const registrationCommands = {
  /**
   * Signs in once (connect, TLS, authenticate) before anything is saved: on success the account
   * is saved and connects; on failure nothing is saved and the reason comes back.
   */
  'accounts.signIn': {
    request: z.object({
      jid: jidText,
      password: z.string().min(1).max(1024),
      ...connectionSettings,
    }),
    response: z.union([z.object({ ok: z.literal(true), account }), failed]),
  },
  /**
   * Saves the account as entered although its sign-in failed (the user asked to), with its
   * proxy, then connects it: "Save anyway".
   */
  'accounts.saveUntried': {
    request: z.object({
      jid: jidText,
      password: z.string().min(1).max(1024),
      ...connectionSettings,
    }),
    response: account,
  },
  /** Opens an encrypted stream to `server` and fetches its registration form. */
  'registration.start': {
    request: z.object({
      server: jidText,
      ...connectionSettings,
      /**
       * An invitation (XEP-0401/0379 URI) for this server: its token is sent before the form is
       * fetched, and a contact invite's inviter becomes a mutual contact.
       */
      invite: xmppUri.nullable().default(null),
    }),
    response: z.union([z.object({ ok: z.literal(true), form: registrationForm }), failed]),
  },
  /** Submits the filled form; on success the account is saved and signs in. */
  'registration.submit': {
    request: z.object({ id: z.string().max(64), values: formValues }),
    response: z.union([z.object({ ok: z.literal(true), account }), failed]),
  },
  'registration.cancel': { request: z.object({ id: z.string().max(64) }), response: ok },
  /** XEP-0077 §3.3; the stored password is updated once the server accepted it. */
  'account.password.change': {
    request: z.object({
      accountId,
      password: z.string().min(1).max(1024),
      /** Asked for only when the server wants the old one too (its form variant). */
      oldPassword: z.string().max(1024).optional(),
    }),
    response: z.union([ok, failed]),
  },
  /**
   * XEP-0077 §3.2: deletes the account on the server, then here with its messages.
   * `confirm` must be the account's address, as the user typed it.
   */
  'account.server.delete': {
    request: z.object({ accountId, confirm: z.string().max(3071) }),
    response: z.union([ok, failed]),
  },
} as const;
