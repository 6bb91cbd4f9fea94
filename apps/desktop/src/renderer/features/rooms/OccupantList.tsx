import type { Occupant, Room } from '@parley/contract';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { GroupedVirtuoso, type GroupedVirtuosoHandle } from 'react-virtuoso';
import { errorText } from '../../app/client';
import { ListScroller } from '../../ui/ListScroller';
import { SearchBox } from '../../ui/SearchBox';
import { useListNavigation } from '../../ui/useListNavigation';
import { useChat } from '../chat/store';
import { chatKey } from '../ui/store';
import { ensureOccupants, moderate, openPrivateChat } from './actions';
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
    () => buildOccupantView(occupants?.values() ?? [], filter),
    [occupants, filter],
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
      aria-label="Occupants"
    >
      <div className="occupant-panel-head">
        <h2 className="section-title">
          In the room <span className="roster-group-count">{occupants ? occupants.size : ''}</span>
        </h2>
        <SearchBox
          label="Filter occupants"
          placeholder="Filter"
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
        <p className="empty-note">Not in the room.</p>
      ) : !occupants ? (
        <p className="empty-note" role="status">
          <span className="spinner" aria-hidden="true" /> Loading…
        </p>
      ) : view.total === 0 ? (
        <p className="empty-note">{filter.trim() ? 'Nobody matches.' : 'Nobody here.'}</p>
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
          title={`${actionLabel(pending.action)}?`}
          description={describeAction(pending.action, pending.occupant)}
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

const CONSEQUENCE: Record<string, string> = {
  kick: 'will be removed from the room. They can come back.',
  ban: 'will be removed from the room and cannot come back until unbanned.',
  voice: 'will be able to speak.',
  'voice-revoke': 'will no longer be able to speak.',
  moderator: 'will be able to kick people and give or take voice.',
  'moderator-revoke': 'will no longer be a moderator.',
  'affiliation-member': 'will become a member.',
  'affiliation-admin': 'will become an admin.',
  'affiliation-owner': 'will become an owner.',
  'affiliation-none': 'will no longer have an affiliation with the room.',
};

/** What the action will do, the nick isolated (it comes from the network). */
function describeAction(action: ModerationAction, occupant: Occupant): ReactNode {
  return (
    <>
      <bdi className="nick">{displayNick(occupant.nick)}</bdi>
      {occupant.jid && ` (${occupant.jid})`} {CONSEQUENCE[actionId(action)]}
    </>
  );
}
