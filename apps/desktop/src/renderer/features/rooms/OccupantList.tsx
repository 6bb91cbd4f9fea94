import type { Occupant, Room } from '@parley/contract';
import type { TFunction } from 'i18next';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { GroupedVirtuoso, type GroupedVirtuosoHandle } from 'react-virtuoso';
import { errorText } from '../../app/client';
import { useT } from '../../i18n';
import { ListScroller } from '../../ui/ListScroller';
import { SearchBox } from '../../ui/SearchBox';
import { useListNavigation } from '../../ui/useListNavigation';
import { useChat } from '../chat/store';
import { chatKey } from '../ui/store';
import { ensureOccupants, moderate, openPrivateChat } from './actions';
import { sentence } from './describe';
import { actionId, actionLabel, isRemoval, type Actor, type ModerationAction } from './moderation';
import { displayNick } from './nick';
import { buildOccupantView } from './occupants-view';
import { OccupantRow, type OccupantCommand } from './OccupantRow';
import { ReasonDialog } from './ReasonDialog';
import { useOccupants } from './store';

/** Insert "nick: " (at the start) or " nick" into the room's draft, as IRC-style clients do. */
export function mentionInDraft(accountId: string, room: string, nick: string): void {
  const key = chatKey(accountId, room);
  const chat = useChat.getState();
  const draft = chat.drafts[key] ?? '';
  chat.setDraft(key, draft.trim() ? `${draft.replace(/\s*$/u, '')} ${nick} ` : `${nick}: `);
  document.querySelector<HTMLTextAreaElement>('.composer-input')?.focus();
}

const SCROLLER = { Scroller: ListScroller };

/** The room's occupants by role, virtualised (rooms of thousands), with a filter. */
export function OccupantList({ room }: { room: Room }) {
  const { t, language } = useT('rooms');
  const key = chatKey(room.accountId, room.jid);
  const occupants = useOccupants(key);
  const [filter, setFilter] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState<{ occupant: Occupant; action: ModerationAction } | null>(
    null,
  );
  const joined = room.state === 'joined';

  useEffect(() => {
    if (!joined || occupants) return;
    ensureOccupants(room.accountId, room.jid).catch((e: unknown) => setError(errorText(e)));
  }, [joined, occupants, room.accountId, room.jid]);

  // Regrouped only when this room's Map or the filter changes, not on other store updates.
  const view = useMemo(
    // The group names are in the language: built again when it changes.
    () => buildOccupantView(occupants?.values() ?? [], filter),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [occupants, filter, language],
  );
  const { nick, ownRole, ownAffiliation } = room;
  // One object while our own standing is unchanged, so the memoized rows do not re-render.
  const actor = useMemo<Actor>(
    () => ({ nick, role: ownRole, affiliation: ownAffiliation }),
    [nick, ownRole, ownAffiliation],
  );

  const onCommand = useCallback(
    (command: OccupantCommand, occupant: Occupant) => {
      if (command.kind === 'pm') openPrivateChat(room.accountId, room.jid, occupant.nick);
      else if (command.kind === 'mention') mentionInDraft(room.accountId, room.jid, occupant.nick);
      else setPending({ occupant, action: command });
    },
    [room.accountId, room.jid],
  );

  const virtuoso = useRef<GroupedVirtuosoHandle>(null);
  const nav = useListNavigation({
    count: view.rows.length,
    reveal: useCallback((index: number) => virtuoso.current?.scrollIntoView({ index }), []),
  });

  return (
    <aside
      className="occupant-panel"
      id="occupant-panel"
      data-testid="occupant-list"
      aria-label={t('Occupants')}
    >
      <div className="occupant-panel-head">
        <h2 className="section-title">
          {t('In the room')}{' '}
          <span className="roster-group-count">{occupants ? occupants.size : ''}</span>
        </h2>
        <SearchBox
          label={t('Filter occupants')}
          placeholder={t('Filter')}
          testId="occupant-filter"
          value={filter}
          onChange={setFilter}
          clearOnEscape
        />
      </div>
      {error && (
        <p className="form-error small" role="alert">
          {error}
        </p>
      )}
      {!joined ? (
        <p className="empty-note">{t('Not in the room.')}</p>
      ) : !occupants ? (
        <p className="empty-note" role="status">
          <span className="spinner" aria-hidden="true" /> {t('Loading…')}
        </p>
      ) : view.total === 0 ? (
        <p className="empty-note">{filter.trim() ? t('Nobody matches.') : t('Nobody here.')}</p>
      ) : (
        <GroupedVirtuoso
          ref={virtuoso}
          components={SCROLLER}
          {...nav.listProps}
          rangeChanged={nav.rangeChanged}
          className="occupant-list"
          groupCounts={view.groupCounts}
          increaseViewportBy={200}
          computeItemKey={(index) => view.rows[index]?.nick ?? `row-${index}`}
          groupContent={(index) => {
            const group = view.groups[index];
            return group ? (
              <div className="occupant-group" data-testid={`occupant-group-${group.role}`}>
                <span className="grow">{group.label}</span>
                <span className="roster-group-count">{group.count}</span>
              </div>
            ) : null;
          }}
          itemContent={(index) => {
            const occupant = view.rows[index];
            return occupant ? (
              <OccupantRow
                occupant={occupant}
                actor={actor}
                onCommand={onCommand}
                navIndex={index}
                tabIndex={nav.tabIndexOf(index)}
              />
            ) : null;
          }}
        />
      )}
      {pending && (
        <ReasonDialog
          title={t('{{action}}?', { action: actionLabel(pending.action) })}
          description={describeAction(pending.action, pending.occupant, t)}
          confirmLabel={actionLabel(pending.action)}
          danger={isRemoval(pending.action)}
          testId="moderation-dialog"
          onConfirm={(reason) => moderate(room, pending.occupant, pending.action, reason)}
          onClose={() => setPending(null)}
        />
      )}
    </aside>
  );
}

/** What the action does to the occupant, as one sentence around their (isolated) nick. */
function consequence(id: string, t: TFunction, v: Record<string, string>): string {
  switch (id) {
    case 'kick':
      return t('{{nick}}{{address}} will be removed from the room. They can come back.', v);
    case 'ban':
      return t(
        '{{nick}}{{address}} will be removed from the room and cannot come back until unbanned.',
        v,
      );
    case 'voice':
      return t('{{nick}}{{address}} will be able to speak.', v);
    case 'voice-revoke':
      return t('{{nick}}{{address}} will no longer be able to speak.', v);
    case 'moderator':
      return t('{{nick}}{{address}} will be able to kick people and give or take voice.', v);
    case 'moderator-revoke':
      return t('{{nick}}{{address}} will no longer be a moderator.', v);
    case 'affiliation-member':
      return t('{{nick}}{{address}} will become a member.', v);
    case 'affiliation-admin':
      return t('{{nick}}{{address}} will become an admin.', v);
    case 'affiliation-owner':
      return t('{{nick}}{{address}} will become an owner.', v);
    default:
      return t('{{nick}}{{address}} will no longer have an affiliation with the room.', v);
  }
}

/** The confirmation's words: the nick isolated and coloured, its address (if known) after it. */
function describeAction(action: ModerationAction, occupant: Occupant, t: TFunction): ReactNode {
  const parts = sentence((v) => consequence(actionId(action), t, v), {
    nick: { nick: occupant.nick },
    address: occupant.jid ? ` (${occupant.jid})` : '',
  });
  return (
    <>
      {parts.map((part, i) =>
        typeof part === 'string' ? (
          <span key={i}>{part}</span>
        ) : (
          <bdi key={i} className="nick">
            {displayNick(part.nick)}
          </bdi>
        ),
      )}
    </>
  );
}
