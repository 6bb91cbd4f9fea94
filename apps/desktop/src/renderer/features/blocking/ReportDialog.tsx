import type { ReportReason } from '@parley/contract';
import { useId, useState, type FormEvent } from 'react';
import { useT } from '../../i18n';
import { Dialog } from '../../ui/Dialog';
import { FormFooter } from '../../ui/FormFooter';
import { TextField } from '../../ui/TextField';
import { useDialogAction } from '../../ui/useDialogAction';
import { report } from './actions';
import { useBlocklist } from './store';

interface ReportDialogProps {
  accountId: string;
  jid: string;
  /** Our ids of the messages the report names (the one it was opened from). */
  messageIds: string[];
  onClose(): void;
}

/**
 * Report spam or abuse to our server (XEP-0377) and block the sender; on a server that takes
 * no reports it says so up front and only blocks.
 */
export function ReportDialog({ accountId, jid, messageIds, onClose }: ReportDialogProps) {
  const { t } = useT('blocking');
  const id = useId();
  const state = useBlocklist(accountId);
  const takesReports = state?.reporting ?? false;
  const [reason, setReason] = useState<ReportReason>('spam');
  const [text, setText] = useState('');
  const { busy, error, run } = useDialogAction(onClose);
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    run(() => report(accountId, jid, reason, messageIds, text.trim()));
  };
  const description = !takesReports
    ? t('Your server does not take spam reports: {{jid}} will only be blocked.', { jid })
    : messageIds.length > 0
      ? t('Your server is told about {{jid}} and this message, and {{jid}} is blocked.', { jid })
      : t('Your server is told about {{jid}}, and {{jid}} is blocked.', { jid });
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={t('Report spam')}
      description={description}
      testId="report-dialog"
    >
      <form className="form" onSubmit={submit} noValidate>
        {takesReports && (
          <>
            <fieldset className="field field-options">
              <legend>{t('Reason')}</legend>
              <label className="option-check">
                <input
                  type="radio"
                  name={`${id}-reason`}
                  data-testid="report-reason-spam"
                  checked={reason === 'spam'}
                  onChange={() => setReason('spam')}
                />
                {t('Spam')} <span className="muted">{t('(unwanted messages, advertising)')}</span>
              </label>
              <label className="option-check">
                <input
                  type="radio"
                  name={`${id}-reason`}
                  data-testid="report-reason-abuse"
                  checked={reason === 'abuse'}
                  onChange={() => setReason('abuse')}
                />
                {t('Abuse')} <span className="muted">{t('(harassment, threats)')}</span>
              </label>
            </fieldset>
            <TextField
              label={t('Note for the server’s operators')}
              optional
              data-testid="report-text"
              maxLength={4096}
              value={text}
              onChange={setText}
            />
          </>
        )}
        <FormFooter
          error={error}
          errorTestId="report-error"
          onCancel={onClose}
          busy={busy}
          danger
          submitTestId="report-submit"
          submitLabel={takesReports ? t('Report and block') : t('Block')}
        />
      </form>
    </Dialog>
  );
}
