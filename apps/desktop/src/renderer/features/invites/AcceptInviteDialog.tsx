import { parseInvitation } from '@parley/contract';
import { useState } from 'react';
import { errorText, getClient } from '../../app/client';
import { useT } from '../../i18n';
import { Dialog } from '../../ui/Dialog';
import { useAccounts } from '../accounts/store';
import { useInvites } from './store';

/**
 * A contact invitation (XEP-0379) that an account is about to open: nothing is sent until the
 * user agrees. Then the inviter is added, and whether their server approved at once is said.
 */
export function AcceptInviteDialog() {
  const { t } = useT('invites');
  const accept = useInvites((s) => s.accept);
  const setAccept = useInvites((s) => s.setAccept);
  const account = useAccounts((s) => s.accounts.find((a) => a.id === accept?.accountId));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const parsed = accept ? parseInvitation(accept.uri) : null;
  const inviter = parsed?.ok ? parsed.invitation.inviter : null;
  const close = () => {
    setAccept(null);
    setError(null);
    setOutcome(null);
  };
  const confirm = async () => {
    if (!accept) return;
    setBusy(true);
    setError(null);
    try {
      const answer = await getClient().call('invites.accept', accept);
      if (!answer.ok) setError(answer.failure.message);
      else
        setOutcome(
          answer.approved
            ? t('You and {{inviter}} are now contacts.', { inviter: answer.contact })
            : t(
                'The invitation was not accepted by {{inviter}}’s server: it may have expired or been used. {{inviter}} has been asked to accept you instead.',
                { inviter: answer.contact },
              ),
        );
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      open={accept !== null && inviter !== null}
      onOpenChange={(o) => !o && close()}
      title={t('Add {{inviter}} as a contact?', { inviter })}
      description={t(
        '{{inviter}} invited you. You will see each other’s online status and can chat, with your account {{account}}.',
        { inviter, account: account?.jid ?? '' },
      )}
      testId="accept-invite-dialog"
    >
      {outcome && (
        <p role="status" data-testid="accept-invite-outcome">
          {outcome}
        </p>
      )}
      {error && (
        <p className="form-error" role="alert" data-testid="accept-invite-error">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        {outcome ? (
          <button type="button" className="button primary" onClick={close}>
            {t('Done')}
          </button>
        ) : (
          <>
            <button type="button" className="button" onClick={close}>
              {t('Cancel')}
            </button>
            <button
              type="button"
              className="button primary"
              disabled={busy}
              data-testid="accept-invite-confirm"
              onClick={() => void confirm()}
            >
              {busy ? t('Adding…') : t('Add contact')}
            </button>
          </>
        )}
      </div>
    </Dialog>
  );
}
