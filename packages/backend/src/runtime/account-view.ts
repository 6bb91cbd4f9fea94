import type { Account, CertificateInfo, ConnectionState } from '@parley/contract';
import { defaultAccountColor, accountColor, type AccountColor } from '@parley/contract';
import type { AccountRecord, SettingsRepository } from '@parley/store';

/** Connection facts that live only as long as the process. */
export interface ConnectionStatus {
  state: ConnectionState;
  error: Account['error'];
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
    position: record.position,
    color: chosenColor(record) ?? defaultAccountColor(record.jid),
    colorChosen: chosenColor(record) !== null,
    priority: record.priority,
    statusHistory: record.statusHistory,
    // The proxy's password stays in the backend, as the account's own does.
    proxy: record.proxy && {
      type: record.proxy.type,
      host: record.proxy.host,
      port: record.proxy.port,
      username: record.proxy.username,
      hasPassword: record.proxy.password !== null,
    },
  };
}

/** A stored colour that is still in the palette (an older build's name falls back). */
function chosenColor(record: AccountRecord): AccountColor | null {
  const parsed = accountColor.safeParse(record.color);
  return parsed.success ? parsed.data : null;
}
