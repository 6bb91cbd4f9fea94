import type { AffiliationEntry, Room } from '@parley/contract';
import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { errorText } from '../../app/client';
import { Dialog } from '../../ui/Dialog';
import { FormError } from '../../ui/FormFooter';
import { ADDRESS_INPUT } from '../../ui/TextField';
import { listAffiliation, setAffiliation } from './actions';
import { affiliationListLabel } from './describe';
import { editableLists } from './moderation';
import { displayNick } from './nick';
import { useT } from '../../i18n';

type List = 'member' | 'admin' | 'owner' | 'outcast';
type Entries =
  | { state: 'loading' }
  | { state: 'error'; error: string }
  | { state: 'ready'; value: AffiliationEntry[] };

/** The room's affiliation lists (members, admins, owners, banned): view, add, remove. */
export function MembersDialog({ room, onClose }: { room: Room; onClose(): void }) {
  const { t } = useT('rooms');
  const id = useId();
  const lists = editableLists(room);
  const [tab, setTab] = useState<List>(lists[0] ?? 'member');
  const [entries, setEntries] = useState<Entries>({ state: 'loading' });
  const [jid, setJid] = useState('');
  const [affiliation, setAffiliationChoice] = useState<List>(tab);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // Only the latest request may fill the list (tabs can be switched faster than answers come).
  const latest = useRef(0);
  const load = useCallback(
    (list: List) => {
      const seq = ++latest.current;
      setEntries({ state: 'loading' });
      listAffiliation(room.accountId, room.jid, list)
        .then((value) => seq === latest.current && setEntries({ state: 'ready', value }))
        .catch(
          (e: unknown) =>
            seq === latest.current && setEntries({ state: 'error', error: errorText(e) }),
        );
    },
    [room.accountId, room.jid],
  );
  useEffect(() => load(tab), [load, tab]);

  const show = (list: List): void => {
    setTab(list);
    setAffiliationChoice(list);
  };

  const change = (target: string, to: List | 'none', why: string): Promise<void> => {
    setBusy(true);
    setError(null);
    return setAffiliation(room.accountId, room.jid, target, to, why)
      .then(() => {
        if (to !== 'none' && to !== tab) show(to);
        else load(tab);
      })
      .catch((e: unknown) => {
        setError(errorText(e));
        throw e;
      })
      .finally(() => setBusy(false));
  };

  const add = (event: FormEvent): void => {
    event.preventDefault();
    const address = jid.trim();
    if (!/^[^\s/]+$/u.test(address) || address.length < 3) {
      setError(t('Enter an address such as bob@example.org (or a server, to ban it whole).'));
      return;
    }
    change(address, affiliation, reason.trim())
      .then(() => {
        setJid('');
        setReason('');
      })
      .catch(() => undefined);
  };

  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={t('Members and bans')}
      description={room.jid}
      testId="room-members-dialog"
      wide
    >
      <div className="segmented" role="tablist" aria-label={t('Lists')}>
        {lists.map((list) => (
          <button
            key={list}
            type="button"
            role="tab"
            aria-selected={tab === list}
            className="segment"
            data-testid={`members-tab-${list}`}
            onClick={() => show(list)}
          >
            {affiliationListLabel(list)}
          </button>
        ))}
      </div>
      <div className="member-list" role="tabpanel" data-testid="members-list">
        {entries.state === 'loading' && (
          <p className="dialog-status" role="status">
            <span className="spinner" aria-hidden="true" /> {t('Loading…')}
          </p>
        )}
        {entries.state === 'error' && (
          <p className="form-error" role="alert">
            {t('Could not load the list: {{error}}', { error: entries.error })}
          </p>
        )}
        {entries.state === 'ready' && entries.value.length === 0 && (
          <p className="dialog-status">{t('Nobody here yet.')}</p>
        )}
        {entries.state === 'ready' && entries.value.length > 0 && (
          <ul>
            {entries.value.map((e) => (
              <li key={e.jid} className="member-row" data-testid={`member-${e.jid}`}>
                <span className="member-text">
                  <span className="member-jid">{e.jid}</span>
                  {(e.nick || e.reason) && (
                    <span className="muted small">
                      {e.nick && <bdi className="nick">{displayNick(e.nick)}</bdi>}
                      {e.nick && e.reason && ' · '}
                      {e.reason}
                    </span>
                  )}
                </span>
                <button
                  type="button"
                  className="button button-small button-danger-quiet"
                  data-testid={`members-remove-${e.jid}`}
                  disabled={busy}
                  onClick={() => void change(e.jid, 'none', '').catch(() => undefined)}
                >
                  {tab === 'outcast' ? t('Unban') : t('Remove')}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      <form className="member-add" onSubmit={add} noValidate>
        <label htmlFor={`${id}-jid`} className="visually-hidden">
          {t('Address')}
        </label>
        <input
          id={`${id}-jid`}
          {...ADDRESS_INPUT}
          data-testid="members-add-jid"
          value={jid}
          onChange={(e) => setJid(e.target.value)}
        />
        <label htmlFor={`${id}-affiliation`} className="visually-hidden">
          {t('Add as')}
        </label>
        <select
          id={`${id}-affiliation`}
          data-testid="members-add-affiliation"
          value={affiliation}
          onChange={(e) => setAffiliationChoice(e.target.value as List)}
        >
          {lists.map((list) => (
            <option key={list} value={list}>
              {list === 'outcast'
                ? t('Ban')
                : list === 'owner'
                  ? t('Add to owners')
                  : list === 'admin'
                    ? t('Add to admins')
                    : t('Add to members')}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-reason`} className="visually-hidden">
          {t('Reason')}
        </label>
        <input
          id={`${id}-reason`}
          data-testid="members-add-reason"
          type="text"
          placeholder={t('Reason (optional)')}
          maxLength={4096}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
        <button
          type="submit"
          className="button button-primary"
          data-testid="members-add-submit"
          disabled={busy}
        >
          {affiliation === 'outcast' ? t('Ban') : t('Add')}
        </button>
      </form>
      <FormError error={error} testId="members-error" />
    </Dialog>
  );
}
