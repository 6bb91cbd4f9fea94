import type { Room } from '@parley/contract';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { errorText } from '../../app/client';
import { Dialog } from '../../ui/Dialog';
import { FormFooter } from '../../ui/FormFooter';
import { useAccounts } from '../accounts/store';
import { useUi } from '../ui/store';
import { createRoom, defaultNick, joinRoom, openRoom } from './actions';
import { roomErrorWords } from './describe';
import { useRoomDialog, type RoomDialog } from './dialogs';
import { dismissFailedJoins, type RoomRef } from './failed-joins';
import { JoinRoomError } from './JoinRoomError';
import { parseRoomAddress, parseXmppUri } from '../links/xmpp-uri';
import { AccountSelect } from '../accounts/AccountSelect';
import type { TFunction } from 'i18next';
import { useT } from '../../i18n';

type Initial = Extract<RoomDialog, { kind: 'join' }>;

/** Failure of the last attempt: a room the server refused, or a command error in words. */
export type JoinFailure = { room: Room } | { text: string } | null;

/** Join a room by address (or xmpp: URI); explains a refusal and offers the way forward. */
export function JoinRoomDialog({ initial, onClose }: { initial: Initial; onClose(): void }) {
  const { t } = useT('rooms');
  const id = useId();
  const accounts = useAccounts((s) => s.accounts);
  const activeId = useUi((s) => s.activeAccountId);
  const [accountId, setAccountId] = useState(
    initial.accountId ?? initial.failed?.accountId ?? activeId ?? accounts[0]?.id ?? '',
  );
  const [address, setAddress] = useState(initial.address ?? initial.failed?.jid ?? '');
  const [nick, setNick] = useState(initial.nick ?? initial.failed?.nick ?? defaultNick(accountId));
  const [nickEdited, setNickEdited] = useState(Boolean(initial.nick));
  const [password, setPassword] = useState(initial.password ?? '');
  const [configure, setConfigure] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<JoinFailure>(
    initial.failed ? { room: initial.failed } : null,
  );
  const passwordRef = useRef<HTMLInputElement>(null);
  const nickRef = useRef<HTMLInputElement>(null);
  const code = failure && 'room' in failure ? failure.room.error?.code : undefined;
  // Rooms whose join failed here: once the dialog is gone, so are their rows (failed-joins.ts).
  const failedHere = useRef(new Map<string, RoomRef>());
  useEffect(() => {
    const failed = failedHere.current;
    if (initial.failed) {
      const { accountId: a, jid } = initial.failed;
      failed.set(`${a} ${jid}`, { accountId: a, room: jid });
    }
    return () => void dismissFailedJoins(failed.values());
  }, [initial.failed]);

  useEffect(() => {
    if (code === 'password-required') passwordRef.current?.focus();
    if (code === 'nickname-in-use' || code === 'nickname-invalid') nickRef.current?.focus();
  }, [code, failure]);

  const onAddress = (value: string): void => {
    // A pasted xmpp:room@service?join;password=… link fills the fields it carries.
    const uri = parseXmppUri(value);
    if (uri) {
      setAddress(uri.jid);
      if (uri.params.password) setPassword(uri.params.password);
    } else {
      setAddress(value);
    }
  };

  const onAccount = (value: string): void => {
    setAccountId(value);
    if (!nickEdited) setNick(defaultNick(value));
  };

  /** After the server answered: open the room, or keep the dialog with the reason. */
  const settle = (room: Room, configureAfter: boolean): void => {
    if (room.state === 'error') {
      failedHere.current.set(`${room.accountId} ${room.jid}`, {
        accountId: room.accountId,
        room: room.jid,
      });
      setFailure({ room });
      return;
    }
    onClose();
    openRoom(room.accountId, room.jid);
    if (configureAfter) {
      useRoomDialog.getState().open({
        kind: 'config',
        accountId: room.accountId,
        room: room.jid,
        created: true,
      });
    }
  };

  const run = async (attempt: () => Promise<void>): Promise<void> => {
    setBusy(true);
    setFailure(null);
    try {
      await attempt();
    } catch (e) {
      setFailure({ text: errorText(e) });
    } finally {
      setBusy(false);
    }
  };

  const target = (): { room: string; nick: string } | null => {
    const parsed = parseRoomAddress(address);
    if (!parsed) {
      setFailure({ text: t('Enter a room address such as room@conference.example.org.') });
      return null;
    }
    if (!nick.trim()) {
      setFailure({ text: t('Choose a nickname.') });
      nickRef.current?.focus();
      return null;
    }
    return { room: parsed.room, nick: nick.trim() };
  };

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const goal = target();
    if (!goal) return;
    void run(async () => {
      const room = await joinRoom({ accountId, ...goal, password: password || null });
      settle(room, false);
    });
  };

  const create = (): void => {
    const goal = target();
    if (!goal) return;
    void run(async () => {
      const room = await createRoom(accountId, goal.room, goal.nick, !configure);
      settle(room, configure);
    });
  };

  const useSuggested = (suggested: string): void => {
    setNick(suggested);
    setNickEdited(true);
    setFailure(null);
  };

  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={t('Join a group chat')}
      testId="join-room-dialog"
      description={t('Enter the room’s address, or paste an xmpp: link.')}
    >
      <form className="form" onSubmit={submit} noValidate>
        <AccountSelect
          accounts={accounts}
          value={accountId}
          onChange={(chosen) => onAccount(chosen)}
          testId="join-room-account"
        />
        <div className="field">
          <label htmlFor={`${id}-address`}>{t('Room address')}</label>
          <input
            id={`${id}-address`}
            data-testid="join-room-address"
            type="text"
            autoCapitalize="none"
            spellCheck={false}
            placeholder="room@conference.example.org"
            value={address}
            onChange={(e) => onAddress(e.target.value)}
            autoFocus={!initial.address && !initial.failed}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-nick`}>{t('Nickname')}</label>
          <input
            id={`${id}-nick`}
            ref={nickRef}
            data-testid="join-room-nick"
            type="text"
            maxLength={1023}
            value={nick}
            onChange={(e) => {
              setNick(e.target.value);
              setNickEdited(true);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-password`}>
            {t('Password')} <span className="muted">{t('(if the room has one)')}</span>
          </label>
          <input
            id={`${id}-password`}
            ref={passwordRef}
            data-testid="join-room-password"
            type="password"
            autoComplete="off"
            maxLength={1024}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        {failure && (
          <JoinRoomError
            text={'room' in failure ? roomErrorText(failure.room, t) : failure.text}
            room={'room' in failure ? failure.room : null}
            busy={busy}
            configure={configure}
            onConfigure={setConfigure}
            onCreate={create}
            onUseSuggested={useSuggested}
          />
        )}
        <FormFooter
          onCancel={onClose}
          busy={busy}
          submitTestId="join-room-submit"
          submitLabel={busy ? t('Joining…') : t('Join')}
        />
      </form>
    </Dialog>
  );
}

function roomErrorText(room: Room, t: TFunction): string {
  return room.error ? roomErrorWords(room.error) : t('Could not join the room.');
}
