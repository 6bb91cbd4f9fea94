import { useState } from 'react';
import { useT } from '../../i18n';
import { useAccount } from '../accounts/store';
import { chatKey } from '../ui/store';
import { DevicesDialog } from './DevicesDialog';
import { useTrustAlerts } from './trust-alerts';

/**
 * Above a conversation: the alert that a device of the contact showed a changed key (nothing is
 * encrypted for it until the user decides) and the quiet notice that the contact, or our own
 * account, announced a new device. Both lead to the device list; closing dismisses them.
 */
export function TrustNotices({ accountId, peer }: { accountId: string; peer: string }) {
  const { t } = useT('omemo');
  const ownJid = useAccount(accountId)?.jid ?? '';
  const [review, setReview] = useState<string | null>(null);
  const changes = useTrustAlerts((s) => s.keyChanges[chatKey(accountId, peer)]);
  const fresh = useTrustAlerts((s) => s.newDevices[chatKey(accountId, peer)]);
  const ownFresh = useTrustAlerts((s) => s.newDevices[chatKey(accountId, ownJid)]);
  const dismiss = (jid: string) => useTrustAlerts.getState().dismiss(accountId, jid);
  const ids = (list: { deviceIds: number[] }[] | undefined) =>
    [...new Set((list ?? []).flatMap((n) => n.deviceIds))].join(', ');
  const banner = (testId: string, role: 'alert' | 'status', jid: string, text: string) => (
    <div className={`trust-banner trust-banner-${role}`} role={role} data-testid={testId}>
      <span className="grow">{text}</span>
      <button type="button" className="button button-small" onClick={() => setReview(jid)}>
        {t('Review devices')}
      </button>
      <button type="button" className="button button-small" onClick={() => dismiss(jid)}>
        {t('Dismiss')}
      </button>
    </div>
  );
  return (
    <>
      {changes &&
        changes.length > 0 &&
        banner(
          'key-changed-alert',
          'alert',
          peer,
          t(
            "The key of {{jid}}'s device {{ids}} changed. Nothing is encrypted for it until you check the new fingerprint.",
            { jid: peer, ids: changes.map((c) => c.deviceId).join(', ') },
          ),
        )}
      {fresh &&
        fresh.length > 0 &&
        banner(
          'new-device-notice',
          'status',
          peer,
          t('{{jid}} has a new device ({{ids}}).', { jid: peer, ids: ids(fresh) }),
        )}
      {peer !== ownJid &&
        ownFresh &&
        ownFresh.length > 0 &&
        banner(
          'own-new-device-notice',
          'status',
          ownJid,
          t('A new device was added to your account ({{ids}}).', { ids: ids(ownFresh) }),
        )}
      {review !== null && (
        <DevicesDialog
          open
          onOpenChange={(next) => {
            if (next) return;
            dismiss(review);
            setReview(null);
          }}
          accountId={accountId}
          jid={review}
          ownJid={ownJid}
        />
      )}
    </>
  );
}
