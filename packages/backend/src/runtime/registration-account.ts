import type { SignupFailure } from '@parley/contract';
import {
  changePasswordForm,
  changePasswordFormSubmit,
  changePasswordRequest,
  describeRegistrationError,
  parseJid,
  refusedStanza,
  removeAccountRequest,
  SessionError,
  type Session,
} from '@parley/xmpp';
import { toFailure } from './trial-sign-in.js';

type Outcome = { ok: true } | { ok: false; failure: SignupFailure };

/**
 * XEP-0077 §3.3 on a logged-in session. A server that wants the old password as well answers
 * not-authorized with a form (FORM_TYPE jabber:iq:register:changepassword); that form is
 * filled with the stored password and sent once. Only a confirmed change is reported ok.
 */
export async function changePassword(
  session: Session,
  fill: { oldPassword: string; password: string },
): Promise<Outcome> {
  const own = parseJid(session.bareJid);
  if (!own?.local) return fail('bad-request', 'This account has no user name');
  const { domain } = session;
  try {
    await session.iq(changePasswordRequest(domain, own.local, fill.password));
    return { ok: true };
  } catch (err) {
    const refused = err instanceof SessionError ? refusedStanza(err.cause) : null;
    const form = refused ? changePasswordForm(refused) : null;
    if (!form) return { ok: false, failure: accountFailure(err, 'change-password') };
    try {
      const request = changePasswordFormSubmit(domain, form, { username: own.local, ...fill });
      await session.iq(request);
      return { ok: true };
    } catch (again) {
      return { ok: false, failure: accountFailure(again, 'change-password') };
    }
  }
}

/**
 * XEP-0077 §3.2. Servers answer and then close the stream (the account is gone); Prosody sends
 * the result right before closing. A result is the only proof: a lost answer is reported as
 * not known, so that nothing is deleted here on a guess.
 */
export async function removeAccountOnServer(session: Session): Promise<Outcome> {
  try {
    await session.iq(removeAccountRequest(session.domain));
    return { ok: true };
  } catch (err) {
    if (
      err instanceof SessionError &&
      (err.code === 'session-lost' || err.code === 'not-connected')
    )
      return fail(
        'host-unreachable',
        'The connection closed before the server confirmed; sign in again to check whether the account still exists.',
      );
    return { ok: false, failure: accountFailure(err, 'remove') };
  }
}

function accountFailure(err: unknown, action: 'change-password' | 'remove'): SignupFailure {
  if (err instanceof SessionError && (err.code === 'stanza-error' || err.code === 'timeout')) {
    const condition = err.code === 'timeout' ? 'timeout' : err.condition;
    const e = err.cause as { text?: string } | undefined;
    return { ...describeRegistrationError(condition, e?.text ?? '', action), certificate: null };
  }
  return toFailure(err);
}

function fail(code: SignupFailure['code'], message: string): Outcome {
  return { ok: false, failure: { code, message, certificate: null } };
}
