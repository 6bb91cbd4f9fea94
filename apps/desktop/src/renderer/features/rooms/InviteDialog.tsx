import type { Room } from '@parley/contract';
import { useId, useState, type FormEvent } from 'react';
import { Dialog } from '../../ui/Dialog';
import { isBareAddress } from '../../ui/names';
import { FormFooter } from '../../ui/FormFooter';
import { TextField } from '../../ui/TextField';
import { ContactCombobox } from './ContactCombobox';
import { useDialogAction } from '../../ui/useDialogAction';
import { invite } from './actions';
import { useT } from '../../i18n';

/** Invite someone by address, directly (XEP-0249) or through the room (XEP-0045 §7.8.2). */
export function InviteDialog({
  room,
  title,
  onClose,
}: {
  room: Room;
  title: string;
  onClose(): void;
}) {
  const { t } = useT('rooms');
  const id = useId();
  const [jid, setJid] = useState('');
  const [reason, setReason] = useState('');
  // Members-only rooms add the invitee to the member list only for mediated invitations.
  const [mode, setMode] = useState<'direct' | 'mediated'>(
    room.features?.membersOnly ? 'mediated' : 'direct',
  );
  const { busy, error, setError, run } = useDialogAction(onClose);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const address = jid.trim();
    if (!isBareAddress(address)) {
      setError(t('Enter an address such as bob@example.org.'));
      return;
    }
    run(() => invite(room.accountId, room.jid, address, reason.trim(), mode));
  };

  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={t('Invite to this room')}
      description={title}
      testId="invite-dialog"
    >
      <form className="form" onSubmit={submit} noValidate>
        <ContactCombobox
          accountId={room.accountId}
          label={t('Address')}
          testId="invite-jid"
          value={jid}
          onChange={setJid}
          autoFocus
        />
        <TextField
          label={t('Message')}
          optional
          data-testid="invite-reason"
          maxLength={4096}
          value={reason}
          onChange={setReason}
        />
        <fieldset className="field field-options">
          <legend>{t('Send the invitation')}</legend>
          <label className="option-check">
            <input
              type="radio"
              name={`${id}-mode`}
              data-testid="invite-mode-direct"
              checked={mode === 'direct'}
              onChange={() => setMode('direct')}
            />
            {t('Directly to them')}
          </label>
          <label className="option-check">
            <input
              type="radio"
              name={`${id}-mode`}
              data-testid="invite-mode-mediated"
              checked={mode === 'mediated'}
              onChange={() => setMode('mediated')}
            />
            {t('Through the room')}{' '}
            <span className="muted">{t('(makes them a member of members-only rooms)')}</span>
          </label>
        </fieldset>
        <FormFooter
          error={error}
          errorTestId="invite-error"
          onCancel={onClose}
          busy={busy}
          submitTestId="invite-submit"
          submitLabel={t('Invite')}
        />
      </form>
    </Dialog>
  );
}
