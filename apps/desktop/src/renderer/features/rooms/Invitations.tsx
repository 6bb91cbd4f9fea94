import type { Invitation } from '@parley/contract';
import { useState } from 'react';
import { errorText } from '../../app/client';
import { displayName } from '../../ui/names';
import { useRoster } from '../roster/store';
import { chatKey } from '../ui/store';
import { answerInvitation } from './actions';
import { RoomAvatar } from './RoomAvatar';
import { useRooms } from './store';
import { Trans } from 'react-i18next';
import { useT } from '../../i18n';

/** Invitations to rooms, as cards at the top of the chats list. */
export function Invitations() {
  const { t } = useT('rooms');
  const invitations = useRooms((s) => s.invitations);
  if (invitations.length === 0) return null;
  return (
    <section
      className="requests invitations"
      aria-label={t('Invitations')}
      data-testid="invitations"
    >
      <h2 className="section-title">{t('Invitations')}</h2>
      <ul>
        {invitations.map((i) => (
          <InvitationCard key={chatKey(i.accountId, i.room)} invitation={i} />
        ))}
      </ul>
    </section>
  );
}

function InvitationCard({ invitation }: { invitation: Invitation }) {
  const { t } = useT('rooms');
  const inviter = useRoster(
    (s) => s.byAccount[invitation.accountId]?.get(invitation.from)?.name ?? '',
  );
  const room = useRooms((s) => s.rooms.get(chatKey(invitation.accountId, invitation.room)));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const from = displayName(inviter, invitation.from);
  const roomName = displayName(room?.name, invitation.room);
  const answer = (accept: boolean): void => {
    setBusy(true);
    setError(null);
    answerInvitation(invitation, accept).catch((e: unknown) => {
      setError(errorText(e));
      setBusy(false);
    });
  };
  return (
    <li className="invitation" data-testid={`invitation-${invitation.room}`}>
      <div className="request">
        <RoomAvatar jid={invitation.room} label={roomName} size="sm" />
        <span className="request-text">
          <span className="contact-name" dir="auto">
            {roomName}
          </span>
          <span
            className="contact-status"
            title={t('{{from}} invites you to {{room}}', {
              from: invitation.from,
              room: invitation.room,
            })}
          >
            {invitation.password !== null ? (
              <Trans
                t={t}
                ns="rooms"
                i18nKey="<0>{{from}}</0> invites you (with the password)"
                values={{ from }}
                components={[<bdi key="from" />]}
              />
            ) : (
              <Trans
                t={t}
                ns="rooms"
                i18nKey="<0>{{from}}</0> invites you"
                values={{ from }}
                components={[<bdi key="from" />]}
              />
            )}
          </span>
        </span>
      </div>
      {invitation.reason && (
        <p className="invitation-reason" dir="auto">
          “{invitation.reason}”
        </p>
      )}
      <div className="request-actions invitation-actions">
        <button
          type="button"
          className="button button-small button-primary"
          data-testid="invitation-accept"
          disabled={busy}
          onClick={() => answer(true)}
        >
          {t('Join')}
        </button>
        <button
          type="button"
          className="button button-small"
          data-testid="invitation-decline"
          disabled={busy}
          onClick={() => answer(false)}
        >
          {t('Decline')}
        </button>
      </div>
      {error && (
        <p className="form-error small" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
