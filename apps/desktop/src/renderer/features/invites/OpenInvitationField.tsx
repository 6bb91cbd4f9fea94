import { parseInvitation, type InviteLink } from '@parley/contract';
import { useId, useState, type FormEvent } from 'react';
import { useT } from '../../i18n';
import { problemText } from './words';

interface Props {
  /** The link parsed; what to do with it is the caller's. */
  onOpen(invitation: InviteLink, uri: string): void;
  autoFocus?: boolean;
}

/** "Open invitation": a field for an invitation link (XEP-0379/0401) and a button. */
export function OpenInvitationField({ onOpen, autoFocus }: Props) {
  const { t } = useT('invites');
  const id = useId();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseInvitation(text);
    if (!parsed.ok) {
      setError(problemText(parsed.problem));
      return;
    }
    setError(null);
    onOpen(parsed.invitation, text.trim());
  };
  return (
    <form className="form open-invitation" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor={`${id}-link`}>{t('Invitation link')}</label>
        <div className="row">
          <input
            id={`${id}-link`}
            type="text"
            data-testid="invitation-link"
            autoCapitalize="none"
            spellCheck={false}
            placeholder="xmpp:alice@example.org?roster;preauth=…"
            value={text}
            onChange={(e) => setText(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            autoFocus={autoFocus}
          />
          <button type="submit" className="button" data-testid="invitation-open">
            {t('Open invitation')}
          </button>
        </div>
        {error && (
          <p className="form-error" role="alert" id={`${id}-error`} data-testid="invitation-error">
            {error}
          </p>
        )}
      </div>
    </form>
  );
}
