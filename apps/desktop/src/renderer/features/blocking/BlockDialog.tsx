import { useT } from '../../i18n';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { block } from './actions';

/** "Block this contact?": what a block does, in words, before it is made. */
export function BlockDialog({
  accountId,
  jid,
  name,
  onClose,
}: {
  accountId: string;
  jid: string;
  name: string;
  onClose(): void;
}) {
  const { t } = useT('blocking');
  return (
    <ConfirmDialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={t('Block {{name}}?', { name })}
      confirmLabel={t('Block')}
      danger
      onConfirm={() => block(accountId, [jid])}
    >
      {t(
        'Your server stops everything from {{jid}}: messages, calls, presence and contact requests. They are not told, and they stop seeing you online. You can unblock them in the account’s settings.',
        { jid },
      )}
    </ConfirmDialog>
  );
}
