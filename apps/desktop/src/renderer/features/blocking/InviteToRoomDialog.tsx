import type { Contact } from '@parley/contract';
import { useId, useMemo, useState, type FormEvent } from 'react';
import { useT } from '../../i18n';
import { Dialog } from '../../ui/Dialog';
import { FormFooter } from '../../ui/FormFooter';
import { collator, displayName } from '../../ui/names';
import { TextField } from '../../ui/TextField';
import { useDialogAction } from '../../ui/useDialogAction';
import { invite } from '../rooms/actions';
import { useRooms } from '../rooms/store';
import { chatKey } from '../ui/store';

/** Invite a contact into one of the rooms we are in (the rooms' own invitation, XEP-0249/0045). */
export function InviteToRoomDialog({
  accountId,
  contact,
  onClose,
}: {
  accountId: string;
  contact: Contact;
  onClose(): void;
}) {
  const { t } = useT('blocking');
  const id = useId();
  const allRooms = useRooms((s) => s.rooms);
  const rooms = useMemo(
    () =>
      [...allRooms.values()]
        .filter((r) => r.accountId === accountId && r.state === 'joined')
        .sort((a, b) => collator.compare(a.name || a.jid, b.name || b.jid)),
    [allRooms, accountId],
  );
  const [room, setRoom] = useState<string>(rooms[0]?.jid ?? '');
  const [reason, setReason] = useState('');
  const { busy, error, setError, run } = useDialogAction(onClose);
  const name = displayName(contact.name, contact.jid);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const chosen = allRooms.get(chatKey(accountId, room));
    if (!chosen) {
      setError(t('Choose a room.'));
      return;
    }
    // Members-only rooms admit the invitee only through the room's own (mediated) invitation.
    const mode = chosen.features?.membersOnly ? 'mediated' : 'direct';
    run(() => invite(accountId, chosen.jid, contact.jid, reason.trim(), mode));
  };

  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={t('Invite {{name}} to a room', { name })}
      description={contact.jid}
      testId="invite-to-room-dialog"
    >
      <form className="form" onSubmit={submit} noValidate>
        {rooms.length === 0 ? (
          <p className="muted" data-testid="invite-no-rooms">
            {t('You are in no room right now. Join one first.')}
          </p>
        ) : (
          <fieldset className="field field-options room-choices">
            <legend>{t('Room')}</legend>
            {rooms.map((r) => (
              <label key={r.jid} className="option-check">
                <input
                  type="radio"
                  name={`${id}-room`}
                  data-testid={`invite-room-${r.jid}`}
                  checked={room === r.jid}
                  onChange={() => setRoom(r.jid)}
                />
                {displayName(r.name, r.jid)} <span className="muted">{r.jid}</span>
              </label>
            ))}
          </fieldset>
        )}
        <TextField
          label={t('Message')}
          optional
          data-testid="invite-to-room-reason"
          maxLength={4096}
          value={reason}
          onChange={setReason}
        />
        <FormFooter
          error={error}
          errorTestId="invite-to-room-error"
          onCancel={onClose}
          busy={busy || rooms.length === 0}
          submitTestId="invite-to-room-submit"
          submitLabel={t('Invite')}
        />
      </form>
    </Dialog>
  );
}
