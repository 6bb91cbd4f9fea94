import type { BackendTextId, SignupFailure, SignupFailureCode } from '@parley/contract';
import { tFor } from '../../i18n';

const t = tFor('accounts');

/** What the user can do about a failed sign-in or sign-up, beside the server's reason. */
export function fixFor(code: SignupFailureCode): string {
  // Each text written out where it is made, so extraction finds it and the language is current.
  const fix: Record<SignupFailureCode, string> = {
    'auth-failed': t('Check the address and the password.'),
    'host-unreachable': t(
      'Check the address, your network, or enter the server host and port under the advanced settings.',
    ),
    'certificate-untrusted': t(
      'Trust this certificate only if you know the server uses it (you run it, or its operator gave you the fingerprint).',
    ),
    'tls-failed': t(
      'The server may need Direct TLS (often port 5223), or another port: see the advanced settings.',
    ),
    'stream-error': t('Try again in a moment.'),
    conflict: t('Try again in a moment.'),
    unknown: t('Try again, or check the advanced settings.'),
    taken: t('Choose another username.'),
    'not-allowed': t('Create the account on the server’s web site, or choose another server.'),
    'not-acceptable': t('Choose a longer password, or another username.'),
    'bad-request': t('Fill in every field marked with *, and check the answer to the challenge.'),
    timeout: t('Try again.'),
    'proxy-failed': t('Check the proxy settings, and that the proxy is running.'),
    'invite-invalid': t('Ask the person who invited you for a new invitation.'),
    'invite-required': t(
      'This server takes new accounts only by invitation: ask someone there for an invitation link, then open it.',
    ),
  };
  return fix[code];
}

/**
 * What to do about a failure: a sign-up refused over its invitation link gets its own advice
 * (its code alone, bad-request, would speak of the form's fields), else by the code.
 */
export function fixForFailure(failure: Pick<SignupFailure, 'code' | 'text'>): string {
  const id: BackendTextId | undefined = failure.text?.id;
  if (id === 'invite.other-server' || id === 'invite.not-a-link')
    return t('Open the invitation link exactly as you got it, or ask for a new one.');
  if (id === 'invite.existing-accounts-only')
    return t('Sign in with your account first, then open the invitation link.');
  return fixFor(failure.code);
}

/** Failures the host, port, Direct TLS or proxy settings may fix: those settings are opened. */
export function needsConnectionSettings(code: SignupFailureCode): boolean {
  return code === 'host-unreachable' || code === 'tls-failed' || code === 'proxy-failed';
}
