import { useState } from 'react';
import { useT } from '../../i18n';
import { Icon } from '../../ui/Icon';
import { useAccount } from '../accounts/store';
import { chatKey } from '../ui/store';
import { DevicesDialog } from './DevicesDialog';
import { useTrustAlerts } from './trust-alerts';

/**
 * The chat header's "Encryption" button beside the lock: opens the contact's devices with
 * their fingerprints and trust. Marked while a device of the contact showed a changed key.
 */
export function EncryptionButton({ accountId, peer }: { accountId: string; peer: string }) {
  const { t } = useT('omemo');
  const [open, setOpen] = useState(false);
  const ownJid = useAccount(accountId)?.jid ?? '';
  const alerted = useTrustAlerts((s) => (s.keyChanges[chatKey(accountId, peer)]?.length ?? 0) > 0);
  const label = alerted ? t('Encryption: a device key changed') : t('Encryption and devices');
  return (
    <>
      <button
        type="button"
        className={`icon-button${alerted ? ' icon-button-alert' : ''}`}
        aria-label={label}
        title={label}
        data-testid="omemo-devices-button"
        data-alert={alerted}
        onClick={() => setOpen(true)}
      >
        <Icon name={alerted ? 'warning' : 'key'} size={18} />
      </button>
      {open && (
        <DevicesDialog
          open={open}
          onOpenChange={(next) => {
            setOpen(next);
            if (!next) useTrustAlerts.getState().dismiss(accountId, peer);
          }}
          accountId={accountId}
          jid={peer}
          ownJid={ownJid}
        />
      )}
    </>
  );
}
