// Invitations: XEP-0379 contact invites (`xmpp:alice@example.org?roster;preauth=TOKEN[;ibr=y]`)
// and XEP-0401 account invites (`xmpp:example.org?register;preauth=TOKEN`), as links to open and
// as links the server makes for us (mod_invites_adhoc's commands).
import { z } from 'zod';
import { accountId, jidText } from './ids.js';
import { xmppUri } from './links.js';
import { parseXmppUri } from './xmpp-uri.js';

/** Tokens are opaque; Prosody's are 24 base64url characters. Bounded, printable, no spaces. */
const TOKEN = /^[\x21-\x7e]{1,256}$/u;

export const inviteLink = z.object({
  /** contact: become the inviter's contact (XEP-0379); account: an account on a server (0401). */
  kind: z.enum(['contact', 'account']),
  /** The server the token belongs to (where an account would be made). */
  server: jidText,
  /** The inviter's bare JID (contact invites), else null. */
  inviter: jidText.nullable(),
  /** An account invite for one username only (`xmpp:name@server?register;…`), else null. */
  username: z.string().max(1023).nullable(),
  token: z.string().regex(TOKEN),
  /** A new account may be made with it (`register`, or a contact invite with `ibr=y`). */
  canRegister: z.boolean(),
});
export type InviteLink = z.infer<typeof inviteLink>;

/** Why a text is not an invitation, as a code the renderer puts in words. */
export type InvitationProblem = 'not-a-link' | 'not-an-invitation' | 'bad-token' | 'bad-address';

/**
 * The invitation in an `xmpp:` URI. Query parameters other than preauth and ibr are ignored
 * (XEP-0147 lets actions grow); the token and the address are percent-decoded.
 */
export function parseInvitation(
  text: string,
): { ok: true; invitation: InviteLink } | { ok: false; problem: InvitationProblem } {
  if (!/^\s*xmpp:/iu.test(text)) return { ok: false, problem: 'not-a-link' };
  const uri = parseXmppUri(text);
  if (!uri) return { ok: false, problem: 'bad-address' };
  const token = uri.params['preauth'];
  const kind = uri.action === 'roster' ? 'contact' : uri.action === 'register' ? 'account' : null;
  if (!kind || token === undefined) return { ok: false, problem: 'not-an-invitation' };
  if (!TOKEN.test(token)) return { ok: false, problem: 'bad-token' };
  if (uri.jid.includes('/')) return { ok: false, problem: 'bad-address' };
  const at = uri.jid.lastIndexOf('@');
  const local = at < 0 ? null : uri.jid.slice(0, at);
  const server = uri.jid.slice(at + 1).toLowerCase();
  if (!server || (kind === 'contact' && !local)) return { ok: false, problem: 'bad-address' };
  const parsed = inviteLink.safeParse({
    kind,
    server,
    inviter: kind === 'contact' ? `${local}@${server}` : null,
    username: kind === 'account' ? local : null,
    token,
    canRegister: kind === 'account' || uri.params['ibr'] === 'y',
  });
  return parsed.success
    ? { ok: true, invitation: parsed.data }
    : { ok: false, problem: 'bad-address' };
}

/** An invitation the server made for us (XEP-0401 §5 result form). */
export const createdInvite = z.object({
  kind: z.enum(['contact', 'account']),
  uri: xmppUri,
  /** An https page that explains the invitation (mod_invites_page), else null. */
  landingUrl: z.string().max(2048).nullable(),
  /** UTC milliseconds; null when the server did not say. */
  expiresAt: z.number().nullable(),
});
export type CreatedInvite = z.infer<typeof createdInvite>;

export const inviteFailure = z.object({
  code: z.enum(['not-supported', 'forbidden', 'not-an-invitation', 'failed']),
  message: z.string(),
});
export type InviteFailure = z.infer<typeof inviteFailure>;

const failed = z.object({ ok: z.literal(false), failure: inviteFailure });

export const inviteCommands = {
  /** Which invitations the account's server lets this user make (its ad-hoc commands). */
  'invites.capabilities': {
    request: z.object({ accountId }),
    response: z.object({ contact: z.boolean(), account: z.boolean() }),
  },
  /** Asks the server for a new invitation (mod_invites_adhoc). */
  'invites.create': {
    request: z.object({ accountId, kind: z.enum(['contact', 'account']) }),
    response: z.union([z.object({ ok: z.literal(true), invite: createdInvite }), failed]),
  },
  /**
   * An existing account opens a contact invite: the inviter joins the roster, their subscription
   * is pre-approved, and ours is asked with the token (XEP-0379 §3), which their server approves.
   * `approved`: the inviter's server approved within a few seconds; else the request is pending
   * (the token was expired, used or unknown, and the inviter decides).
   */
  'invites.accept': {
    request: z.object({ accountId, uri: xmppUri }),
    response: z.union([
      z.object({ ok: z.literal(true), contact: jidText, approved: z.boolean() }),
      failed,
    ]),
  },
} as const;
