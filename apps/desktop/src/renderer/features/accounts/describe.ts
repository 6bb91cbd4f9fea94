import type { Account, ConnectionErrorCode, ConnectionState, TlsMode } from '@parley/contract';

const ERROR_WORDS: Record<ConnectionErrorCode, string> = {
  'auth-failed': 'Wrong address or password',
  'host-unreachable': 'Cannot reach the server',
  'certificate-untrusted': 'The server’s certificate is not trusted',
  'tls-failed': 'Could not set up an encrypted connection',
  'stream-error': 'The server closed the connection',
  conflict: 'Signed in elsewhere with the same resource',
  'proxy-failed': 'The proxy did not connect us',
  unknown: 'Connection failed',
};

export function connectionErrorWords(code: ConnectionErrorCode): string {
  return ERROR_WORDS[code];
}

export const STATE_LABEL: Record<ConnectionState, string> = {
  disconnected: 'Offline',
  connecting: 'Connecting…',
  online: 'Online',
  error: 'Error',
};

/** One line for a badge: the state, or the error in words. */
export function accountStateText(account: Account): string {
  if (account.state === 'error' && account.error) return connectionErrorWords(account.error.code);
  if (account.state === 'disconnected' && !account.enabled) return 'Disabled';
  return STATE_LABEL[account.state];
}

export const TLS_LABEL: Record<TlsMode, string> = {
  auto: 'Automatic',
  starttls: 'STARTTLS',
  direct: 'Direct TLS',
};
