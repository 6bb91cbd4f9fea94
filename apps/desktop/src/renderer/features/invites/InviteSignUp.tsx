import { parseInvitation, type InviteLink } from '@parley/contract';
import { useEffect, useState } from 'react';
import { useT } from '../../i18n';
import { RegisterForm } from '../accounts/RegisterForm';
import { OpenInvitationField } from './OpenInvitationField';
import { useInvites } from './store';

interface Props {
  onDone?(): void;
  onCancel?(): void;
}

type Chosen = { invitation: InviteLink; uri: string } | null;

function chosenOf(uri: string | null): Chosen {
  const parsed = uri ? parseInvitation(uri) : null;
  return parsed?.ok && uri ? { invitation: parsed.invitation, uri: uri.trim() } : null;
}

/**
 * A new account from an invitation (XEP-0401, or a XEP-0379 contact invite that allows it):
 * the link (pasted, or the one the system opened Parley with), then the server's sign-up form
 * with the token sent first. A contact invite also makes the inviter a contact.
 */
export function InviteSignUp({ onDone, onCancel }: Props) {
  const { t } = useT('invites');
  const pending = useInvites((s) => s.signup);
  const setSignup = useInvites((s) => s.setSignup);
  const [chosen, setChosen] = useState<Chosen>(() => chosenOf(pending));
  useEffect(() => {
    const next = chosenOf(pending);
    if (next) setChosen(next);
  }, [pending]);
  const forget = () => {
    setSignup(null);
    setChosen(null);
  };

  if (!chosen) {
    return (
      <>
        <p className="hint">
          {t('Paste the invitation link someone sent you. It starts with xmpp:')}
        </p>
        <OpenInvitationField
          autoFocus
          onOpen={(invitation, uri) => setChosen({ invitation, uri })}
        />
      </>
    );
  }
  const { invitation, uri } = chosen;
  if (!invitation.canRegister) {
    return (
      <div className="invite-signup" data-testid="invite-signup">
        <p className="form-error" role="alert" data-testid="invite-no-account">
          {t(
            '{{inviter}} invited you as a contact, but this invitation cannot create an account. Sign in with an account you have, then open the link again.',
            { inviter: invitation.inviter },
          )}
        </p>
        <button type="button" className="button" onClick={forget}>
          {t('Use another link')}
        </button>
      </div>
    );
  }
  return (
    <div className="invite-signup" data-testid="invite-signup">
      <p className="invite-from" data-testid="invite-from">
        {invitation.inviter
          ? t('{{inviter}} invited you to {{server}}. Choose your name and password.', {
              inviter: invitation.inviter,
              server: invitation.server,
            })
          : t('You are invited to create an account on {{server}}.', {
              server: invitation.server,
            })}{' '}
        <button type="button" className="link-button" onClick={forget}>
          {t('Use another link')}
        </button>
      </p>
      <RegisterForm
        key={uri}
        invite={{ uri, server: invitation.server }}
        onDone={() => {
          setSignup(null);
          onDone?.();
        }}
        {...(onCancel ? { onCancel } : {})}
      />
    </div>
  );
}
