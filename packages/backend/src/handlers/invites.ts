import { parseInvitation, type InviteLink } from '@parley/contract';
import { jid } from '@parley/xmpp';
import type { Accounts } from '../accounts.js';
import type { HandlerMap } from '../handler-types.js';
import { ownNick } from '../runtime/account-scope.js';
import type { RuntimeContext } from '../runtime/context.js';
import { acceptContactInvite, createInvite, inviteCapabilities } from '../runtime/invites.js';

type InviteHandlers = Pick<
  HandlerMap,
  'invites.capabilities' | 'invites.create' | 'invites.accept'
>;

/** How long a new account may take to come online before its inviter is asked by token. */
const SIGNUP_ONLINE_MS = 30_000;
/** After login, how long the roster may take to show the subscription the server made. */
const SIGNUP_ROSTER_MS = 3_000;

/** Invitations: making them on our server, opening a contact invite with an account. */
export function inviteHandlers(accounts: Accounts, ctx: RuntimeContext): InviteHandlers {
  const domainOf = (accountId: string) => jid(accounts.runtime(accountId).scope.ownJid).domain;
  return {
    'invites.capabilities': async ({ accountId }) =>
      inviteCapabilities(accounts.runtime(accountId).requireOnline(), domainOf(accountId)),
    'invites.create': async ({ accountId, kind }) =>
      createInvite(accounts.runtime(accountId).requireOnline(), domainOf(accountId), kind),
    'invites.accept': async ({ accountId, uri }) => {
      const parsed = parseInvitation(uri);
      if (!parsed.ok || parsed.invitation.kind !== 'contact' || !parsed.invitation.inviter) {
        const message = parsed.ok
          ? 'This invitation is for a new account: add it as a new account instead.'
          : 'This link is not a contact invitation.';
        return { ok: false, failure: { code: 'not-an-invitation', message } };
      }
      const inviter = parsed.invitation.inviter;
      const runtime = accounts.runtime(accountId);
      if (jid(runtime.scope.ownJid).bare().toString() === inviter) {
        const message = 'This is your own invitation: share it with the person you invite.';
        return { ok: false, failure: { code: 'not-an-invitation', message } };
      }
      const approved = await acceptContactInvite({
        session: runtime.requireOnline(),
        bus: ctx.bus,
        accountId,
        invitation: { ...parsed.invitation, inviter },
        nick: ownNick(runtime.scope),
        alreadyApproved: () => subscribedTo(ctx, accountId, inviter),
      });
      return { ok: true, contact: inviter, approved };
    },
  };
}

function subscribedTo(ctx: RuntimeContext, accountId: string, peer: string): boolean {
  const sub = ctx.store.contacts.get(accountId, peer)?.subscription;
  return sub === 'to' || sub === 'both';
}

/**
 * After an account was made with a contact invite: Prosody subscribes inviter and invitee to
 * each other at registration (mod_invites_register); a server that did not gets the token in a
 * subscription request once the account is online (XEP-0379). Bounded in time; never throws.
 */
export async function completeInvitedSignup(
  accounts: Accounts,
  ctx: RuntimeContext,
  accountId: string,
  invitation: InviteLink,
): Promise<void> {
  const inviter = invitation.kind === 'contact' ? invitation.inviter : null;
  if (!inviter) return;
  const runtime = accounts.runtime(accountId);
  const started = Date.now();
  while (!runtime.online && Date.now() - started < SIGNUP_ONLINE_MS) await pause(200);
  const mutual = () => ctx.store.contacts.get(accountId, inviter)?.subscription === 'both';
  for (let waited = 0; !mutual() && waited < SIGNUP_ROSTER_MS; waited += 200) await pause(200);
  const session = runtime.online;
  if (mutual() || !session) return;
  await acceptContactInvite({
    session,
    bus: ctx.bus,
    accountId,
    invitation: { ...invitation, inviter },
    nick: ownNick(runtime.scope),
    alreadyApproved: () => subscribedTo(ctx, accountId, inviter),
  }).catch(() => false);
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
