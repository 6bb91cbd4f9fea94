import type { Room } from '@parley/contract';
import { useId, useState, type FormEvent } from 'react';
import { errorText } from '../../app/client';
import { Dialog } from '../../ui/Dialog';
import { FormFooter } from '../../ui/FormFooter';
import { invite } from './actions';

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
  const id = useId();
  const [jid, setJid] = useState('');
  const [reason, setReason] = useState('');
  // Members-only rooms add the invitee to the member list only for mediated invitations.
  const [mode, setMode] = useState<'direct' | 'mediated'>(
    room.features?.membersOnly ? 'mediated' : 'direct',
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const address = jid.trim();
    if (!/^[^\s@/]+@[^\s@/]+$/u.test(address)) {
      setError('Enter an address such as bob@example.org.');
      return;
    }
    setBusy(true);
    setError(null);
    invite(room.accountId, room.jid, address, reason.trim(), mode)
      .then(onClose)
      .catch((e: unknown) => {
        setError(errorText(e));
        setBusy(false);
      });
  };

  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      title="Invite to this room"
      description={title}
      testId="invite-dialog"
    >
      <form className="form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-jid`}>Address</label>
          <input
            id={`${id}-jid`}
            data-testid="invite-jid"
            type="text"
            autoCapitalize="none"
            spellCheck={false}
            placeholder="bob@example.org"
            value={jid}
            onChange={(e) => setJid(e.target.value)}
            autoFocus
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-reason`}>
            Message <span className="muted">(optional)</span>
          </label>
          <input
            id={`${id}-reason`}
            data-testid="invite-reason"
            type="text"
            maxLength={4096}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        </div>
        <fieldset className="field field-options">
          <legend>Send the invitation</legend>
          <label className="option-check">
            <input
              type="radio"
              name={`${id}-mode`}
              data-testid="invite-mode-direct"
              checked={mode === 'direct'}
              onChange={() => setMode('direct')}
            />
            Directly to them
          </label>
          <label className="option-check">
            <input
              type="radio"
              name={`${id}-mode`}
              data-testid="invite-mode-mediated"
              checked={mode === 'mediated'}
              onChange={() => setMode('mediated')}
            />
            Through the room{' '}
            <span className="muted">(makes them a member of members-only rooms)</span>
          </label>
        </fieldset>
        <FormFooter
          error={error}
          errorTestId="invite-error"
          onCancel={onClose}
          busy={busy}
          submitTestId="invite-submit"
          submitLabel="Invite"
        />
      </form>
    </Dialog>
  );
}
