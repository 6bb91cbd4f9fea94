import type { SignupFailureCode } from '@parley/contract';

/** What the user can do about a failed sign-in or sign-up, beside the server's reason. */
const FIX: Record<SignupFailureCode, string> = {
  'auth-failed': 'Check the address and the password.',
  'host-unreachable':
    'Check the address, your network, or enter the server host and port under the advanced settings.',
  'certificate-untrusted':
    'Trust this certificate only if you know the server uses it (you run it, or its operator gave you the fingerprint).',
  'tls-failed':
    'The server may need Direct TLS (often port 5223), or another port: see the advanced settings.',
  'stream-error': 'Try again in a moment.',
  conflict: 'Try again in a moment.',
  unknown: 'Try again, or check the advanced settings.',
  taken: 'Choose another username.',
  'not-allowed': 'Create the account on the server’s web site, or choose another server.',
  'not-acceptable': 'Choose a longer password, or another username.',
  'bad-request': 'Fill in every field marked with *, and check the answer to the challenge.',
  timeout: 'Try again.',
  'proxy-failed': 'Check the proxy settings, and that the proxy is running.',
};

export function fixFor(code: SignupFailureCode): string {
  return FIX[code];
}

/** Failures the host, port, Direct TLS or proxy settings may fix: those settings are opened. */
export function needsConnectionSettings(code: SignupFailureCode): boolean {
  return code === 'host-unreachable' || code === 'tls-failed' || code === 'proxy-failed';
}
