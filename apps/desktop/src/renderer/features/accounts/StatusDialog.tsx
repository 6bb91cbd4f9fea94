import type { Account, OwnPresence } from '@parley/contract';
import { useId, useState, type FormEvent } from 'react';
import { errorText } from '../../app/client';
import { useT } from '../../i18n';
import { Dialog } from '../../ui/Dialog';
import { FormFooter } from '../../ui/FormFooter';
import { SHOW_LABEL } from '../../ui/names';
import { clearStatusHistory, setAccountOptions } from './actions';
import { StatusHistoryList } from './StatusHistory';
import { useAccounts } from './store';

export type OwnShow = OwnPresence['show'];
export const SHOWS: OwnShow[] = ['available', 'away', 'xa', 'dnd'];

/** RFC 6121 §4.7.2.3: an integer from -128 to 127. */
function parsePriority(text: string): number | null {
  if (!/^-?\d{1,3}$/u.test(text.trim())) return null;
  const value = Number(text.trim());
  return value >= -128 && value <= 127 ? value : null;
}

/** Show, status message (with the ones used before) and, for one account, its priority. */
export function StatusDialog({
  account,
  allAccounts,
  onClose,
  onSave,
}: {
  account: Account;
  /** The same presence for every enabled account (no priority: that stays per account). */
  allAccounts: boolean;
  onClose(): void;
  onSave(presence: OwnPresence): Promise<void>;
}) {
  const id = useId();
  const { t } = useT('accounts');
  const [show, setShow] = useState<OwnShow>(account.ownPresence.show);
  const [status, setStatus] = useState(account.ownPresence.status);
  const [priority, setPriority] = useState(String(account.priority));
  const [error, setError] = useState<string | null>(null);
  const accounts = useAccounts((s) => s.accounts);
  // For all accounts: the texts any of them used, newest account's first, without repeats.
  const history = allAccounts
    ? [...new Set(accounts.flatMap((a) => a.statusHistory))]
    : account.statusHistory;

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setError(null);
    const chosen = parsePriority(priority);
    if (!allAccounts && chosen === null) {
      setError(t('The priority is a whole number from -128 to 127.'));
      return;
    }
    try {
      if (!allAccounts && chosen !== null && chosen !== account.priority) {
        await setAccountOptions({ id: account.id, priority: chosen });
      }
      await onSave({ show, status: status.trim() });
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={
        allAccounts ? t('Status of all accounts') : t('Status of {{jid}}', { jid: account.jid })
      }
      testId="status-dialog"
    >
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <div className="field">
          <label htmlFor={`${id}-show`}>{t('Availability')}</label>
          <select
            id={`${id}-show`}
            data-testid="presence-show-select"
            value={show}
            onChange={(e) => setShow(e.target.value as OwnShow)}
          >
            {SHOWS.map((s) => (
              <option key={s} value={s}>
                {SHOW_LABEL[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-status`}>{t('Status message')}</label>
          <input
            id={`${id}-status`}
            data-testid="presence-status-input"
            type="text"
            maxLength={1024}
            placeholder={t('What are you up to?')}
            value={status}
            onChange={(e) => setStatus(e.target.value)}
            autoFocus
          />
        </div>
        <StatusHistoryList
          history={history}
          onPick={setStatus}
          {...(allAccounts
            ? {}
            : {
                onClear: () => {
                  clearStatusHistory(account.id).catch((e: unknown) => setError(errorText(e)));
                },
              })}
        />
        {!allAccounts && (
          <div className="field">
            <label htmlFor={`${id}-priority`}>{t('Priority')}</label>
            <input
              id={`${id}-priority`}
              data-testid="presence-priority-input"
              type="number"
              min={-128}
              max={127}
              step={1}
              value={priority}
              onChange={(e) => setPriority(e.target.value)}
              aria-describedby={`${id}-priority-hint`}
            />
            <p className="hint" id={`${id}-priority-hint`}>
              {t(
                'From -128 to 127. Messages to your address go to the client of yours with the highest priority; below 0, this one gets none of them.',
              )}
            </p>
          </div>
        )}
        <FormFooter
          error={error}
          onCancel={onClose}
          submitTestId="presence-status-save"
          submitLabel={t('Save')}
        />
      </form>
    </Dialog>
  );
}
