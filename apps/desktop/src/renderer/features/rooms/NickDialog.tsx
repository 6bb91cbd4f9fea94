import type { Room } from '@parley/contract';
import { useState, type FormEvent } from 'react';
import { errorText } from '../../app/client';
import { Dialog } from '../../ui/Dialog';
import { FormFooter } from '../../ui/FormFooter';
import { TextField } from '../../ui/TextField';
import { setNick } from './actions';
import { roomErrorWords } from './describe';
import { useT } from '../../i18n';

/** Change our nickname in a room; a refusal (taken, invalid) is explained in place. */
export function NickDialog({ room, onClose }: { room: Room; onClose(): void }) {
  const { t } = useT('rooms');
  const [nick, setNickText] = useState(room.nick);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const wanted = nick.trim();
    if (!wanted) {
      setError(t('Choose a nickname.'));
      return;
    }
    if (wanted === room.nick) {
      onClose();
      return;
    }
    setBusy(true);
    setError(null);
    setNick(room.accountId, room.jid, wanted)
      .then((updated) => {
        if (updated.error && updated.nick !== wanted) {
          setError(roomErrorWords(updated.error));
          if (updated.suggestedNick) setNickText(updated.suggestedNick);
        } else {
          onClose();
        }
      })
      .catch((e: unknown) => setError(errorText(e)))
      .finally(() => setBusy(false));
  };

  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={t('Change nickname')}
      testId="nick-dialog"
    >
      <form className="form" onSubmit={submit} noValidate>
        <TextField
          label={t('Your nickname in this room')}
          data-testid="room-nick-input"
          maxLength={1023}
          value={nick}
          onChange={setNickText}
          autoFocus
        />
        <FormFooter
          error={error}
          errorTestId="room-nick-error"
          onCancel={onClose}
          busy={busy}
          submitTestId="room-nick-submit"
          submitLabel={t('Change')}
        />
      </form>
    </Dialog>
  );
}
