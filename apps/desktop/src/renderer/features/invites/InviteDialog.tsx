import type { CreatedInvite, InviteFailure, InviteLink } from '@parley/contract';
import { useCallback, useEffect, useState } from 'react';
import { errorText, getClient } from '../../app/client';
import { useT } from '../../i18n';
import { CopyButton } from '../../ui/CopyButton';
import { Dialog } from '../../ui/Dialog';
import { formatFull } from '../../ui/time';
import { QrCode } from '../omemo/QrCode';
import { useUi } from '../ui/store';
import { OpenInvitationField } from './OpenInvitationField';
import { useInvites } from './store';

type Kind = CreatedInvite['kind'];

interface Props {
  accountId: string;
  open: boolean;
  onOpenChange(open: boolean): void;
}

/**
 * "Invite someone": the server makes an invitation link (mod_invites_adhoc, XEP-0401 §5), shown
 * as text to copy and as a QR code with its expiry. A contact invite by default; an account
 * invite too when the server lets this user make one. Below, a field to open a link one got.
 */
export function InviteDialog({ accountId, open, onOpenChange }: Props) {
  const { t } = useT('invites');
  const [canAccount, setCanAccount] = useState(false);
  const [invite, setInvite] = useState<CreatedInvite | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const failureText = useCallback(
    (failure: InviteFailure): string =>
      failure.code === 'not-supported'
        ? t('Your server does not offer invitations.')
        : failure.code === 'forbidden'
          ? t('Your server does not let you create this kind of invitation.')
          : t('The server made no invitation: {{reason}}', { reason: failure.message }),
    [t],
  );

  const create = useCallback(
    async (kind: Kind) => {
      setBusy(true);
      setError(null);
      try {
        const made = await getClient().call('invites.create', { accountId, kind });
        if (made.ok) setInvite(made.invite);
        else setError(failureText(made.failure));
      } catch (e) {
        setError(errorText(e));
      } finally {
        setBusy(false);
      }
    },
    [accountId, failureText],
  );

  useEffect(() => {
    if (!open) return;
    let live = true;
    setInvite(null);
    setError(null);
    setBusy(true);
    getClient()
      .call('invites.capabilities', { accountId })
      .then((caps) => {
        if (!live) return;
        setCanAccount(caps.account);
        if (caps.contact) void create('contact');
        else {
          setBusy(false);
          setError(t('Your server does not offer invitations.'));
        }
      })
      .catch((e: unknown) => {
        if (!live) return;
        setBusy(false);
        setError(errorText(e));
      });
    return () => {
      live = false;
    };
  }, [open, accountId, create, t]);

  const opened = (invitation: InviteLink, uri: string) => {
    onOpenChange(false);
    if (invitation.kind === 'contact') {
      useInvites.getState().setAccept({ accountId, uri });
    } else {
      useInvites.getState().setSignup(uri);
      useUi.getState().setAccountsDialogOpen(true);
    }
  };

  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={t('Invite someone')}
      description={t(
        'Send this link to someone you want to talk to, or let them scan the code. It adds you to each other’s contacts.',
      )}
      testId="invite-dialog"
      wide
    >
      {invite ? (
        <CreatedLink invite={invite} />
      ) : (
        <p className="muted" role="status">
          {busy ? t('Asking your server for an invitation…') : null}
        </p>
      )}
      {error && (
        <p className="form-error" role="alert" data-testid="invite-error">
          {error}
        </p>
      )}
      {canAccount && (
        <div className="dialog-actions invite-kinds">
          <button
            type="button"
            className="button"
            disabled={busy}
            data-testid="invite-make-other"
            onClick={() => void create(invite?.kind === 'account' ? 'contact' : 'account')}
          >
            {invite?.kind === 'account'
              ? t('Create a contact invitation')
              : t('Create an account invitation instead')}
          </button>
        </div>
      )}
      <section className="details-section">
        <h3 className="dialog-subtitle">{t('Got an invitation?')}</h3>
        <OpenInvitationField onOpen={opened} />
      </section>
    </Dialog>
  );
}

function CreatedLink({ invite }: { invite: CreatedInvite }) {
  const { t } = useT('invites');
  const registers = invite.kind === 'account' || /[?;]ibr=y(;|$)/u.test(invite.uri);
  return (
    <div className="invite-created" data-testid="invite-created" data-kind={invite.kind}>
      <QrCode text={invite.uri} label={t('QR code of the invitation link')} />
      <div className="invite-link-box">
        <p className="hint">
          {invite.kind === 'account'
            ? t('An invitation to create an account on your server. It works once.')
            : registers
              ? t('Anyone with this link can add you, or create an account on your server first.')
              : t('People with an account can add you with this link.')}
        </p>
        <code className="verification-uri" data-testid="invite-link">
          {invite.uri}
        </code>
        <p className="invite-copy">
          <CopyButton
            text={invite.uri}
            label={t('Copy link')}
            copied={t('Copied')}
            failed={t('Could not copy: select the link instead')}
            testId="invite-copy"
          />
        </p>
        {invite.expiresAt !== null && (
          <p className="hint" data-testid="invite-expiry">
            {t('Valid until {{date}}', { date: formatFull(invite.expiresAt) })}
          </p>
        )}
      </div>
    </div>
  );
}
