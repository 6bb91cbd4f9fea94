import { useState } from 'react';
import type { Account } from '@parley/contract';
import { useT } from '../../i18n';
import { DevicesDialog } from './DevicesDialog';

/** Account settings: our OMEMO devices (fingerprints, remove stale ones, our verification link). */
export function OwnDevicesEntry({ account }: { account: Account }) {
  const { t } = useT('omemo');
  const [open, setOpen] = useState(false);
  return (
    <div className="field">
      <button
        type="button"
        className="button"
        data-testid="own-devices-button"
        onClick={() => setOpen(true)}
      >
        {t('OMEMO devices and fingerprint…')}
      </button>
      {open && (
        <DevicesDialog
          open={open}
          onOpenChange={setOpen}
          accountId={account.id}
          jid={account.jid}
          ownJid={account.jid}
        />
      )}
    </div>
  );
}
