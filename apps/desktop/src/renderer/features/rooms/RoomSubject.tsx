import type { Room } from '@parley/contract';
import { useState, type KeyboardEvent } from 'react';
import { errorText } from '../../app/client';
import { setSubject } from './actions';
import { subjectRefusal } from './slash-commands';
import { useT } from '../../i18n';

/**
 * The subject on one line (full text on hover). Click to edit when we may change it:
 * Enter saves, Escape or leaving the field cancels.
 */
export function RoomSubject({ room, onError }: { room: Room; onError(e: string | null): void }) {
  const { t } = useT('rooms');
  const [draft, setDraft] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const subject = room.subject.replace(/\s+/gu, ' ').trim();
  const refusal = subjectRefusal(room);
  const editable = refusal === null;

  const save = (): void => {
    if (draft === null) return;
    if (draft.trim() === room.subject.trim()) {
      setDraft(null);
      return;
    }
    setBusy(true);
    onError(null);
    setSubject(room.accountId, room.jid, draft.trim())
      .then(() => setDraft(null))
      .catch((e: unknown) =>
        onError(t('Could not change the subject: {{error}}', { error: errorText(e) })),
      )
      .finally(() => setBusy(false));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'Enter') {
      event.preventDefault();
      save();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      setDraft(null);
    }
  };

  if (draft !== null) {
    return (
      <input
        className="subject-input"
        data-testid="room-subject-input"
        aria-label={t('Room subject')}
        value={draft}
        maxLength={10_000}
        disabled={busy}
        autoFocus
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={onKeyDown}
        onBlur={() => !busy && setDraft(null)}
      />
    );
  }
  if (!editable) {
    // Why it cannot be edited, on hover, while in the room (outside it the banner says so).
    const why = room.state === 'joined' ? refusal : null;
    const title = [room.subject, why].filter(Boolean).join('\n\n');
    return (
      <span
        className="room-subject"
        data-testid="room-subject"
        dir="auto"
        title={title}
        aria-description={why ?? undefined}
      >
        {subject || <span className="muted">{room.jid}</span>}
      </span>
    );
  }
  return (
    <button
      type="button"
      className="room-subject editable"
      data-testid="room-subject"
      dir="auto"
      title={
        room.subject ? `${room.subject}\n\n${t('Click to change the subject')}` : t('Set a subject')
      }
      onClick={() => setDraft(room.subject)}
    >
      {subject || <span className="muted">{t('Set a subject…')}</span>}
    </button>
  );
}
