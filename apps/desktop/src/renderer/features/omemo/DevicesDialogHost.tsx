import { useAccount } from '../accounts/store';
import { DevicesDialog } from './DevicesDialog';
import { useDevicesRequest } from './devices-request';

/** The Encryption dialog opened by a command rather than the chat header's button. */
export function DevicesDialogHost() {
  const request = useDevicesRequest((s) => s.request);
  const close = useDevicesRequest((s) => s.close);
  const ownJid = useAccount(request?.accountId ?? '')?.jid ?? '';
  if (!request) return null;
  return (
    <DevicesDialog
      open
      onOpenChange={(open) => {
        if (!open) close();
      }}
      accountId={request.accountId}
      jid={request.jid}
      ownJid={ownJid}
    />
  );
}
