import type { MucService, PublicRoom } from '@parley/contract';
import { useEffect, useId, useMemo, useState } from 'react';
import { Virtuoso } from 'react-virtuoso';
import { errorText, getClient } from '../../app/client';
import { Dialog } from '../../ui/Dialog';
import { SearchBox } from '../../ui/SearchBox';
import { defaultNick, joinRoom, openRoom } from './actions';
import { useRoomDialog } from './dialogs';
import { PublicRoomRow } from './PublicRoomRow';
import { useT } from '../../i18n';

type Load<T> =
  { state: 'loading' } | { state: 'error'; error: string } | { state: 'ready'; value: T };

/** Match a public room by name, address or description. */
export function filterPublicRooms(rooms: readonly PublicRoom[], search: string): PublicRoom[] {
  const needle = search.trim().toLocaleLowerCase();
  if (!needle) return rooms.slice();
  return rooms.filter(
    (r) =>
      r.name.toLocaleLowerCase().includes(needle) ||
      r.jid.toLocaleLowerCase().includes(needle) ||
      r.description.toLocaleLowerCase().includes(needle),
  );
}

/** The public rooms of the account's group chat services, searchable, joinable. */
export function BrowseRoomsDialog({ accountId, onClose }: { accountId: string; onClose(): void }) {
  const { t } = useT('rooms');
  const id = useId();
  const [services, setServices] = useState<Load<MucService[]>>({ state: 'loading' });
  const [service, setService] = useState<string | null>(null);
  const [rooms, setRooms] = useState<Load<PublicRoom[]> | null>(null);
  const [search, setSearch] = useState('');
  const [joining, setJoining] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    getClient()
      .call('muc.services', { accountId })
      .then((list) => {
        if (!live) return;
        setServices({ state: 'ready', value: list });
        setService(list[0]?.jid ?? null);
      })
      .catch((e: unknown) => live && setServices({ state: 'error', error: errorText(e) }));
    return () => {
      live = false;
    };
  }, [accountId]);

  useEffect(() => {
    if (!service) return;
    let live = true;
    setRooms({ state: 'loading' });
    getClient()
      .call('muc.rooms', { accountId, service })
      .then((list) => live && setRooms({ state: 'ready', value: list }))
      .catch((e: unknown) => live && setRooms({ state: 'error', error: errorText(e) }));
    return () => {
      live = false;
    };
  }, [accountId, service]);

  const all = rooms?.state === 'ready' ? rooms.value : null;
  const shown = useMemo(() => (all ? filterPublicRooms(all, search) : []), [all, search]);

  /** Join at once with the default nick; on any refusal, hand over to the join dialog. */
  const join = (room: PublicRoom): void => {
    const dialogs = useRoomDialog.getState();
    const nick = defaultNick(accountId);
    if (room.passwordProtected || !nick) {
      dialogs.open({ kind: 'join', accountId, address: room.jid });
      return;
    }
    setJoining(room.jid);
    joinRoom({ accountId, room: room.jid, nick, password: null })
      .then((joined) => {
        if (joined.state === 'error') {
          dialogs.open({ kind: 'join', accountId, address: room.jid, failed: joined });
        } else {
          onClose();
          openRoom(accountId, room.jid);
        }
      })
      .catch(() => dialogs.open({ kind: 'join', accountId, address: room.jid }))
      .finally(() => setJoining(null));
  };

  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={t('Browse group chats')}
      testId="browse-rooms-dialog"
      wide
    >
      <div className="browse">
        {services.state === 'loading' && (
          <p className="dialog-status" role="status">
            <span className="spinner" aria-hidden="true" /> {t('Looking for group chat services…')}
          </p>
        )}
        {services.state === 'error' && (
          <p className="form-error" role="alert" data-testid="browse-error">
            {t('Could not ask your server for its group chat services: {{error}}', {
              error: services.error,
            })}
          </p>
        )}
        {services.state === 'ready' && services.value.length === 0 && (
          <p className="dialog-status" data-testid="browse-no-service">
            {t(
              'Your server does not offer a group chat service. You can still join a room on another server by its address.',
            )}
          </p>
        )}
        {services.state === 'ready' && services.value.length > 0 && (
          <div className="browse-toolbar">
            {services.value.length > 1 && (
              <>
                <label htmlFor={`${id}-service`} className="visually-hidden">
                  {t('Service')}
                </label>
                <select
                  id={`${id}-service`}
                  className="browse-service"
                  data-testid="browse-service"
                  value={service ?? ''}
                  onChange={(e) => setService(e.target.value)}
                >
                  {services.value.map((s) => (
                    <option key={s.jid} value={s.jid}>
                      {s.name ? `${s.name} (${s.jid})` : s.jid}
                    </option>
                  ))}
                </select>
              </>
            )}
            <SearchBox
              label={t('Search rooms')}
              placeholder={t('Search by name, address or description')}
              testId="browse-search"
              value={search}
              onChange={setSearch}
              autoFocus
            />
          </div>
        )}
        {rooms?.state === 'loading' && (
          <p className="dialog-status" role="status" data-testid="browse-loading">
            <span className="spinner" aria-hidden="true" />{' '}
            {t('Loading the rooms of {{service}}…', { service })}
          </p>
        )}
        {rooms?.state === 'error' && (
          <p className="form-error" role="alert" data-testid="browse-error">
            {t('Could not list the rooms of {{service}}: {{error}}', {
              service,
              error: rooms.error,
            })}
          </p>
        )}
        {all && (
          <>
            <p className="hint" role="status">
              {search.trim()
                ? t('{{shown, number}} of {{count, number}} rooms match.', {
                    shown: shown.length,
                    count: all.length,
                  })
                : t('{{count, number}} public rooms.', { count: all.length })}
            </p>
            {shown.length > 0 ? (
              // Virtuoso sizes itself to its parent: the box gives it a height inside the dialog.
              <div className="public-room-list">
                <Virtuoso
                  data-testid="public-room-list"
                  style={{ height: '100%' }}
                  data={shown}
                  computeItemKey={(_, r) => r.jid}
                  itemContent={(_, r) => (
                    <PublicRoomRow room={r} busy={joining === r.jid} onJoin={join} />
                  )}
                />
              </div>
            ) : (
              <p className="empty-note">{t('No room matches.')}</p>
            )}
          </>
        )}
      </div>
    </Dialog>
  );
}
