import type {
  Account,
  CertificateInfo,
  ConnectionErrorCode,
  ConnectionState,
} from '@parley/contract';
import type { AccountRecord, SettingsRepository } from '@parley/store';

/** Connection facts that live only as long as the process. */
export interface ConnectionStatus {
  state: ConnectionState;
  error: { code: ConnectionErrorCode; message: string } | null;
  untrustedCertificate: CertificateInfo | null;
}

export const disconnectedStatus: ConnectionStatus = {
  state: 'disconnected',
  error: null,
  untrustedCertificate: null,
};

/**
 * What the renderer may see of an account: never the password. Its preferences are a view of
 * the settings table (settings.get/settings.set are where they are read and changed).
 */
export function toAccountView(
  record: AccountRecord,
  status: ConnectionStatus,
  settings: SettingsRepository,
): Account {
  return {
    id: record.id,
    jid: record.jid,
    host: record.host,
    port: record.port,
    tlsMode: record.tlsMode,
    pinnedFingerprint256: record.pinnedFingerprint256,
    enabled: record.enabled,
    state: status.state,
    error: status.error,
    untrustedCertificate: status.untrustedCertificate,
    ownPresence: record.ownPresence,
    autoDownloadBytes: settings.get('autoDownloadBytes', record.id),
    sendChatStates: settings.get('sendChatStates', record.id),
  };
}
