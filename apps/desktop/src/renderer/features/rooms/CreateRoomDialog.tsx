import type { MucService } from '@parley/contract';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { errorText, getClient } from '../../app/client';
import { Dialog } from '../../ui/Dialog';
import { FormFooter } from '../../ui/FormFooter';
import { useAccounts } from '../accounts/store';
import { useUi } from '../ui/store';
import { parseRoomAddress } from '../links/xmpp-uri';
import { defaultNick, openRoom } from './actions';
import { roomSlug, type RoomPreset } from './create-room';
import { createGroupChat } from './create-room-flow';
import { roomErrorWords } from './describe';
import { dismissFailedJoins, type RoomRef } from './failed-joins';
import { AccountSelect } from '../accounts/AccountSelect';
import type { TFunction } from 'i18next';
import { useT } from '../../i18n';

type Availability = 'unknown' | 'checking' | 'free' | 'taken' | 'error';

const PRESETS: readonly RoomPreset[] = ['private', 'public'];

/** Each kind's name and what it means, written out so extraction finds them. */
function presetWords(t: TFunction): Record<RoomPreset, { label: string; hint: string }> {
  return {
    private: {
      label: t('Private'),
      hint: t(
        'Members only, not listed; members see each other’s addresses. Can be encrypted (OMEMO).',
      ),
    },
    public: {
      label: t('Public'),
      hint: t('Listed on the server and open to anyone who knows the address.'),
    },
  };
}

/** How long typing may pause before the address is checked. */
const CHECK_AFTER_MS = 400;

/** "Create group chat": a name, an address on the server's group chat service, a kind. */
export function CreateRoomDialog({ onClose }: { onClose(): void }) {
  const { t } = useT('rooms');
  const id = useId();
  const accounts = useAccounts((s) => s.accounts);
  const activeId = useUi((s) => s.activeAccountId);
  const [accountId, setAccountId] = useState(activeId ?? accounts[0]?.id ?? '');
  const [services, setServices] = useState<MucService[] | null>(null);
  const [name, setName] = useState('');
  const [address, setAddress] = useState('');
  const [addressEdited, setAddressEdited] = useState(false);
  const [preset, setPreset] = useState<RoomPreset>('private');
  const [nick, setNick] = useState(defaultNick(accountId));
  const [availability, setAvailability] = useState<Availability>('unknown');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const service = services?.[0]?.jid ?? null;
  // A room whose creation failed: its row goes with the dialog (failed-joins.ts).
  const failedHere = useRef(new Map<string, RoomRef>());
  useEffect(() => {
    const failed = failedHere.current;
    return () => void dismissFailedJoins(failed.values());
  }, []);

  // The account's group chat service (disco): where the suggested address lives.
  useEffect(() => {
    let live = true;
    setServices(null);
    getClient()
      .call('muc.services', { accountId })
      .then((found) => live && setServices(found))
      .catch((e: unknown) => {
        if (!live) return;
        setServices([]);
        setError(errorText(e));
      });
    return () => {
      live = false;
    };
  }, [accountId]);

  // The address follows the name until the user edits it.
  useEffect(() => {
    if (addressEdited || !service) return;
    const slug = roomSlug(name);
    setAddress(slug ? `${slug}@${service}` : '');
  }, [name, service, addressEdited]);

  // Is it free? Asked once typing pauses; the answer for an older address is dropped.
  useEffect(() => {
    const parsed = parseRoomAddress(address);
    if (!parsed) {
      setAvailability('unknown');
      return;
    }
    let live = true;
    setAvailability('checking');
    const timer = setTimeout(() => {
      getClient()
        .call('rooms.addressFree', { accountId, room: parsed.room })
        .then((r) => live && setAvailability(r.free ? 'free' : 'taken'))
        .catch(() => live && setAvailability('error'));
    }, CHECK_AFTER_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [address, accountId]);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setError(null);
    const parsed = parseRoomAddress(address);
    if (!name.trim()) return setError(t('Give the group chat a name.'));
    if (!parsed) return setError(t('Enter an address such as team@conference.example.org.'));
    if (!nick.trim()) return setError(t('Choose a nickname.'));
    setBusy(true);
    createGroupChat({ accountId, room: parsed.room, name: name.trim(), nick: nick.trim(), preset })
      .then((room) => {
        if (room.state === 'error') {
          failedHere.current.set(room.jid, { accountId: room.accountId, room: room.jid });
          setError(room.error ? roomErrorWords(room.error) : t('Could not create the room.'));
          return;
        }
        onClose();
        openRoom(room.accountId, room.jid);
      })
      .catch((e: unknown) => setError(errorText(e)))
      .finally(() => setBusy(false));
  };

  const status: Record<Availability, string> = {
    unknown: '',
    checking: t('Checking the address…'),
    free: t('This address is free.'),
    taken: t('This address is taken.'),
    error: t('Could not check the address.'),
  };

  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={t('Create a group chat')}
      testId="create-room-dialog"
      description={t('You will own it; it is bookmarked and joins by itself.')}
    >
      <form className="form" onSubmit={submit} noValidate>
        <AccountSelect
          accounts={accounts}
          value={accountId}
          onChange={(chosen) => {
            setAccountId(chosen);
            setNick(defaultNick(chosen));
          }}
          testId="create-room-account"
        />
        <div className="field">
          <label htmlFor={`${id}-name`}>{t('Name')}</label>
          <input
            id={`${id}-name`}
            data-testid="create-room-name"
            type="text"
            maxLength={200}
            value={name}
            onChange={(e) => setName(e.target.value)}
            autoFocus
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-address`}>{t('Address')}</label>
          <input
            id={`${id}-address`}
            data-testid="create-room-address"
            type="text"
            autoCapitalize="none"
            spellCheck={false}
            placeholder={service ? `name@${service}` : 'name@conference.example.org'}
            value={address}
            onChange={(e) => {
              setAddress(e.target.value.trim());
              setAddressEdited(true);
            }}
            aria-describedby={`${id}-address-status`}
          />
          <p
            className={`hint${availability === 'taken' ? ' form-error small' : ''}`}
            id={`${id}-address-status`}
            role="status"
            data-testid="create-room-availability"
            data-availability={availability}
          >
            {services !== null && service === null
              ? t('This server offers no group chat service: enter a full address.')
              : status[availability]}
          </p>
        </div>
        <fieldset className="field-options" data-testid="create-room-preset">
          <legend>{t('Kind')}</legend>
          {PRESETS.map((value) => ({ value, ...presetWords(t)[value] })).map((p) => (
            <label key={p.value} className="option-check create-room-preset">
              <input
                type="radio"
                name={`${id}-preset`}
                value={p.value}
                data-testid={`create-room-${p.value}`}
                checked={preset === p.value}
                onChange={() => setPreset(p.value)}
              />
              <span>
                <strong>{p.label}</strong> <span className="hint">{p.hint}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor={`${id}-nick`}>{t('Your nickname')}</label>
          <input
            id={`${id}-nick`}
            data-testid="create-room-nick"
            type="text"
            maxLength={1023}
            value={nick}
            onChange={(e) => setNick(e.target.value)}
          />
        </div>
        <FormFooter
          error={error}
          errorTestId="create-room-error"
          onCancel={onClose}
          busy={busy}
          submitTestId="create-room-submit"
          submitLabel={busy ? t('Creating…') : t('Create')}
        />
      </form>
    </Dialog>
  );
}
