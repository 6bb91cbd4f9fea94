import type { Occupant } from '@parley/contract';
import type { TFunction } from 'i18next';
import { memo, useMemo } from 'react';
import { useT } from '../../i18n';
import { Avatar } from '../../ui/Avatar';
import { SHOW_LABEL } from '../../ui/names';
import { RowWithMenu, type RowMenuEntry } from '../../ui/RowWithMenu';
import { affiliationLabel } from './describe';
import {
  actionLabel,
  isRemoval,
  occupantActions,
  type Actor,
  type ModerationAction,
} from './moderation';
import { displayNick, nickStyle } from './nick';

export type OccupantCommand = { kind: 'pm' } | { kind: 'mention' } | ModerationAction;

interface OccupantRowProps {
  occupant: Occupant;
  actor: Actor;
  onCommand(command: OccupantCommand, occupant: Occupant): void;
  /** Its place for the list's arrow keys, and whether it is the list's tab stop. */
  navIndex?: number;
  tabIndex?: 0 | -1;
}

/** The testid suffix of a menu entry: pm, mention, kick, voice, moderator, ban, affiliation-x. */
function entryId(command: OccupantCommand): string {
  return command.kind === 'affiliation' ? `affiliation-${command.affiliation}` : command.kind;
}

function entryLabel(command: OccupantCommand, t: TFunction): string {
  if (command.kind === 'pm') return t('Private message');
  if (command.kind === 'mention') return t('Mention in the room');
  return t('{{action}}…', { action: actionLabel(command) });
}

/** One occupant: click mentions, double-click opens a private chat, ⋮ or right-click for more. */
export const OccupantRow = memo(function OccupantRow({
  occupant,
  actor,
  onCommand,
  navIndex,
  tabIndex,
}: OccupantRowProps) {
  const { t } = useT('rooms');
  const nick = displayNick(occupant.nick);
  const self = occupant.nick === actor.nick;
  const basic = useMemo<OccupantCommand[]>(
    () => (self ? [{ kind: 'mention' }] : [{ kind: 'pm' }, { kind: 'mention' }]),
    [self],
  );
  const moderation = useMemo(() => occupantActions(actor, occupant), [actor, occupant]);
  const affiliation = affiliationLabel(occupant.affiliation);
  const status = occupant.status.replace(/\s+/gu, ' ').trim();
  const who = occupant.jid ? `${nick} (${occupant.jid})` : nick;
  const show = status
    ? t('{{show}}: {{status}}', { show: SHOW_LABEL[occupant.show], status })
    : SHOW_LABEL[occupant.show];
  const entry = (c: OccupantCommand, danger = false): RowMenuEntry => ({
    label: entryLabel(c, t),
    testId: `occupant-${entryId(c)}`,
    danger,
    onSelect: () => onCommand(c, occupant),
  });

  return (
    <RowWithMenu
      className="occupant-row"
      data-testid={`occupant-${occupant.nick}`}
      data-role={occupant.role}
      data-affiliation={occupant.affiliation}
      data-show={occupant.show}
      name={nick}
      menuTestId={`occupant-menu-${occupant.nick}`}
      {...(navIndex !== undefined ? { menuTabIndex: -1 } : {})}
      sections={[basic.map((c) => entry(c)), moderation.map((c) => entry(c, isRemoval(c)))]}
    >
      <button
        type="button"
        className="occupant-main"
        data-nav-index={navIndex}
        tabIndex={tabIndex}
        title={`${t('{{who}} — {{show}}', { who, show })}\n${t('Click to mention, double-click for a private message')}`}
        onClick={() => onCommand({ kind: 'mention' }, occupant)}
        onDoubleClick={() => !self && onCommand({ kind: 'pm' }, occupant)}
      >
        <Avatar jid={occupant.nick} label={nick} size="sm" show={occupant.show} />
        <span className="occupant-text">
          <span className="occupant-top">
            <bdi className="nick occupant-nick" style={nickStyle(occupant.nick)}>
              {nick}
            </bdi>
            {self && <span className="muted small"> {t('(you)')}</span>}
            {affiliation && (
              <span className={`affiliation-tag affiliation-${occupant.affiliation}`}>
                {affiliation}
              </span>
            )}
          </span>
          {(status || occupant.show !== 'available') && (
            <span className="occupant-status" dir="auto">
              {status || SHOW_LABEL[occupant.show]}
            </span>
          )}
        </span>
      </button>
    </RowWithMenu>
  );
});
