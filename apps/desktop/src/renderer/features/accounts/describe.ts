import type { Account, ConnectionErrorCode, ConnectionState, TlsMode } from '@parley/contract';
import { tFor } from '../../i18n';

const t = tFor('accounts');

// The labels are made at each call (not at module load), so they follow the current language.

export function connectionErrorWords(code: ConnectionErrorCode): string {
  const words: Record<ConnectionErrorCode, string> = {
    'auth-failed': t('Wrong address or password'),
    'host-unreachable': t('Cannot reach the server'),
    'certificate-untrusted': t('The server’s certificate is not trusted'),
    'tls-failed': t('Could not set up an encrypted connection'),
    'stream-error': t('The server closed the connection'),
    conflict: t('Signed in elsewhere with the same resource'),
    'proxy-failed': t('The proxy did not connect us'),
    unknown: t('Connection failed'),
  };
  return words[code];
}

export function stateLabel(state: ConnectionState): string {
  const labels: Record<ConnectionState, string> = {
    disconnected: t('Offline'),
    connecting: t('Connecting…'),
    online: t('Online'),
    error: t('Error'),
  };
  return labels[state];
}

/** One line for a badge: the state, or the error in words. */
export function accountStateText(account: Account): string {
  if (account.state === 'error' && account.error) return connectionErrorWords(account.error.code);
  if (account.state === 'disconnected' && !account.enabled) return t('Disabled');
  return stateLabel(account.state);
}

export const TLS_MODES: readonly TlsMode[] = ['auto', 'starttls', 'direct'];

export function tlsLabel(mode: TlsMode): string {
  const labels: Record<TlsMode, string> = {
    auto: t('Automatic'),
    // A protocol's name: the same in every language.
    starttls: 'STARTTLS',
    direct: t('Direct TLS'),
  };
  return labels[mode];
}
