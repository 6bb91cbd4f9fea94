import { useEffect } from 'react';
import { Trans } from 'react-i18next';
import { useT } from '../../i18n';
import { Avatar } from '../../ui/Avatar';
import { SHOW_LABEL } from '../../ui/names';
import { useAccount, useAccounts } from '../accounts/store';
import { ensureOccupants } from '../rooms/actions';
import { useRooms } from '../rooms/store';
import { chatKey } from '../ui/store';
import { useContact } from '../roster/store';
import { displayNick, splitOccupantJid } from '../rooms/nick';
import { NotifyMenu } from '../notifications/NotifyMenu';
import { SearchButton } from '../search/SearchButton';
import { LockButton } from '../omemo/LockButton';
import { EncryptionButton } from '../omemo/EncryptionButton';
import { openContactDetails } from '../people/store';
import { CallButtons } from '../calls/CallButtons';

interface ChatHeaderProps {
  accountId: string;
  peer: string;
  name: string;
}

function AccountNote({ accountId }: { accountId: string }) {
  const { t } = useT('chat');
  const account = useAccount(accountId);
  const many = useAccounts((s) => s.accounts.length > 1);
  return many && account ? (
    <span className="muted"> · {t('via {{jid}}', { jid: account.jid })}</span>
  ) : null;
}

/** Header of a one-to-one conversation: the contact, their presence and address. */
export function ChatHeader({ accountId, peer, name }: ChatHeaderProps) {
  const { t } = useT('chat');
  const contact = useContact(accountId, peer);
  const show = contact?.show ?? 'offline';
  return (
    <header className="chat-header" data-testid="chat-header">
      <Avatar jid={peer} label={name} show={contact ? show : undefined} />
      <div className="chat-header-text grow">
        <h1 className="chat-title">
          <button
            type="button"
            className="chat-title-button"
            title={t('Contact details')}
            data-testid="chat-title-details"
            onClick={() => openContactDetails(accountId, peer)}
          >
            {name}
          </button>
        </h1>
        <p className="chat-subtitle">
          {contact ? (
            <>
              {SHOW_LABEL[show]}
              {contact.status && ` — ${contact.status}`}
              <span className="muted"> · {peer}</span>
            </>
          ) : (
            <span className="muted">{t('{{jid}} · not in your contacts', { jid: peer })}</span>
          )}
          <AccountNote accountId={accountId} />
        </p>
      </div>
      <div className="header-actions">
        <CallButtons accountId={accountId} peer={peer} />
        <LockButton accountId={accountId} peer={peer} />
        <EncryptionButton accountId={accountId} peer={peer} />
        <SearchButton accountId={accountId} peer={peer} />
        <NotifyMenu accountId={accountId} peer={peer} kind="chat" />
      </div>
    </header>
  );
}

/** Header of a private conversation with a room occupant: "nick (in Room)". */
export function PrivateChatHeader({ accountId, peer }: { accountId: string; peer: string }) {
  const { t } = useT('chat');
  const parts = splitOccupantJid(peer);
  const roomJid = parts?.room ?? peer;
  const nick = parts?.nick ?? peer;
  const room = useRooms((s) => s.rooms.get(chatKey(accountId, roomJid)));
  const known = useRooms((s) => s.occupants[chatKey(accountId, roomJid)] !== undefined);
  const occupant = useRooms((s) => s.occupants[chatKey(accountId, roomJid)]?.get(nick));
  const joined = room?.state === 'joined';
  useEffect(() => {
    // Their presence comes from the room's occupant list: fetch it if no room view did.
    if (joined && !known) ensureOccupants(accountId, roomJid).catch(() => undefined);
  }, [accountId, roomJid, joined, known]);
  const roomName = room?.name.trim() || roomJid;
  const shown = displayNick(nick);
  return (
    <header className="chat-header" data-testid="chat-header" data-kind="private">
      <Avatar jid={nick} label={shown} show={occupant ? occupant.show : 'offline'} />
      <div className="chat-header-text grow">
        <h1 className="chat-title" data-testid="private-title">
          <bdi className="nick">{shown}</bdi>{' '}
          <span className="muted title-context">
            <Trans
              t={t}
              i18nKey="(in <room>{{room}}</room>)"
              values={{ room: roomName }}
              components={{ room: <bdi /> }}
            />
          </span>
        </h1>
        <p className="chat-subtitle">
          {occupant ? (
            <>
              {SHOW_LABEL[occupant.show]}
              {occupant.status && ` — ${occupant.status}`}
            </>
          ) : known || !joined ? (
            t('Not in the room')
          ) : (
            ''
          )}
          <span className="muted">
            {' '}
            · {t('private message through {{room}}', { room: roomJid })}
          </span>
          <AccountNote accountId={accountId} />
        </p>
      </div>
      <div className="header-actions">
        <SearchButton accountId={accountId} peer={peer} />
        <NotifyMenu accountId={accountId} peer={peer} kind="private" />
      </div>
    </header>
  );
}
