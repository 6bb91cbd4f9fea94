// Invitations for an online account: what the server lets us create (XEP-0050 commands of
// mod_invites_adhoc), creating one, and opening a contact invite (XEP-0379).
import type { CreatedInvite, EventName, InviteFailure, InviteLink } from '@parley/contract';
import {
  buildCommandListQuery,
  buildCommandRequest,
  buildRosterSet,
  buildSubscription,
  NODE_ACCOUNT_INVITE,
  NODE_CONTACT_INVITE,
  parseCommandList,
  parseCommandResponse,
  parseCreatedInvite,
  preauthSubscribe,
  SessionError,
  type Session,
} from '@parley/xmpp';
import type { EventBus } from '../event-bus.js';
import { iqFailure } from './server-tools/iq-words.js';

const IQ_TIMEOUT_MS = 15_000;
/** How long the inviter's server has to approve a subscription that carries a token. */
export const APPROVAL_WAIT_MS = 6_000;

type Iq = Pick<Session, 'iq'>;

export async function inviteCapabilities(
  session: Iq,
  domain: string,
): Promise<{ contact: boolean; account: boolean }> {
  try {
    const nodes = parseCommandList(
      await session.iq(buildCommandListQuery(domain), IQ_TIMEOUT_MS),
    ).map((c) => c.node);
    return {
      contact: nodes.includes(NODE_CONTACT_INVITE),
      account: nodes.includes(NODE_ACCOUNT_INVITE),
    };
  } catch {
    // A server without ad-hoc commands offers no invitations either.
    return { contact: false, account: false };
  }
}

/** Runs the server's invitation command; a refusal or a server without it in words. */
export async function createInvite(
  session: Iq,
  domain: string,
  kind: 'contact' | 'account',
): Promise<{ ok: true; invite: CreatedInvite } | { ok: false; failure: InviteFailure }> {
  const node = kind === 'contact' ? NODE_CONTACT_INVITE : NODE_ACCOUNT_INVITE;
  let response;
  try {
    const iq = await session.iq(
      buildCommandRequest({ to: domain, node, action: 'execute' }),
      IQ_TIMEOUT_MS,
    );
    response = parseCommandResponse(iq);
  } catch (error) {
    return { ok: false, failure: commandFailure(kind, error) };
  }
  const made = response && parseCreatedInvite(response);
  if (!made) {
    // Prosody answers a refusal inside a completed command (an error note, no form).
    const note = response?.notes.find((n) => n.type === 'error')?.text;
    const message = `${domain} made no invitation${note ? `: ${note}` : ''}`;
    return { ok: false, failure: { code: 'failed', message } };
  }
  return { ok: true, invite: { kind, ...made } };
}

function commandFailure(kind: 'contact' | 'account', error: unknown): InviteFailure {
  const what =
    kind === 'contact' ? 'Creating a contact invitation' : 'Creating an account invitation';
  const condition = error instanceof SessionError ? error.condition : null;
  const message = iqFailure(what, error);
  if (condition === 'forbidden' || condition === 'not-authorized')
    return { code: 'forbidden', message };
  if (
    condition === 'item-not-found' ||
    condition === 'service-unavailable' ||
    condition === 'feature-not-implemented'
  )
    return { code: 'not-supported', message };
  return { code: 'failed', message };
}

/**
 * XEP-0379 §3 for an account that exists: the inviter joins the roster, their own request is
 * pre-approved (RFC 6121 §3.4, so the request their server sends back is answered at once), and
 * ours goes with the token. True when the inviter's server approved it within `waitMs`; else a
 * plain request follows, which the inviter answers.
 */
export async function acceptContactInvite(args: {
  session: Pick<Session, 'iq' | 'send'>;
  bus: EventBus;
  accountId: string;
  invitation: InviteLink & { inviter: string };
  nick?: string;
  alreadyApproved: () => boolean;
  waitMs?: number;
}): Promise<boolean> {
  const { session, bus, accountId, invitation, nick } = args;
  const inviter = invitation.inviter;
  const approved = waitForApproval(bus, accountId, inviter, args.waitMs ?? APPROVAL_WAIT_MS);
  try {
    await session.iq(buildRosterSet({ jid: inviter, name: '', groups: [] }), IQ_TIMEOUT_MS);
    await session.send(buildSubscription(inviter, 'subscribed'));
    await session.send(preauthSubscribe(inviter, invitation.token, nick));
  } catch (error) {
    approved.cancel();
    throw error;
  }
  if (args.alreadyApproved() || (await approved.done)) return true;
  // Not approved: the token was refused, and then a server may have dropped the request with it
  // (Prosody 0.12.3 does for contact-only tokens). A plain request reaches the inviter to decide.
  await session.send(buildSubscription(inviter, 'subscribe', nick));
  return false;
}

/** Resolves true once a roster push shows the contact lets us see them (to or both). */
function waitForApproval(bus: EventBus, accountId: string, jid: string, ms: number) {
  let finish: (value: boolean) => void = () => {};
  const done = new Promise<boolean>((resolve) => (finish = resolve));
  const stop = bus.subscribe((name: EventName, payload: unknown) => {
    if (name !== 'roster.changed') return;
    const change = payload as {
      accountId: string;
      upserted: Array<{ jid: string; subscription: string }>;
    };
    if (change.accountId !== accountId) return;
    if (change.upserted.some((c) => c.jid === jid && /^(to|both)$/u.test(c.subscription)))
      end(true);
  });
  const timer = setTimeout(() => end(false), ms);
  function end(value: boolean): void {
    clearTimeout(timer);
    stop();
    finish(value);
  }
  return { done, cancel: () => end(false) };
}
