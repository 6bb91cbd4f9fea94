import { memo } from 'react';
import { useT } from '../../i18n';
import { Icon } from '../../ui/Icon';
import { formatClock, formatFull } from '../../ui/time';
import { noticeParts, summarizeNotices } from './describe';
import { displayNick, nickStyle } from './nick';
import type { NoticeEntry } from './store';

interface NoticeRowProps {
  /** The item's key, handed back to onToggle. */
  id: string;
  notices: readonly NoticeEntry[];
  expanded: boolean;
  onToggle(id: string): void;
}

function NoticeLine({ notice }: { notice: NoticeEntry }) {
  return (
    <>
      <span className="notice-text">
        {noticeParts(notice).map((part, i) =>
          typeof part === 'string' ? (
            <span key={i} dir="auto">
              {part}
            </span>
          ) : (
            <bdi key={i} className="nick" style={nickStyle(part.nick)}>
              {displayNick(part.nick)}
            </bdi>
          ),
        )}
      </span>
      <time
        className="notice-time"
        dateTime={new Date(notice.timestamp).toISOString()}
        title={formatFull(notice.timestamp)}
      >
        {formatClock(notice.timestamp)}
      </time>
    </>
  );
}

/**
 * Room events between messages. One is shown as it is; a run of them collapses to a summary
 * ("5 joined, 2 left") that expands, so a join burst does not bury the conversation.
 */
export const NoticeRow = memo(function NoticeRow({
  id,
  notices,
  expanded,
  onToggle,
}: NoticeRowProps) {
  // The words are made outside React (describe.ts): this re-renders them on a language change.
  useT('rooms');
  const only = notices.length === 1 ? notices[0] : undefined;
  if (only) {
    return (
      <div className="notice-row" data-testid="room-notice" data-kind={only.kind}>
        <NoticeLine notice={only} />
      </div>
    );
  }
  return (
    <div className="notice-group" data-testid="notice-group" data-count={notices.length}>
      <button
        type="button"
        className="notice-summary"
        aria-expanded={expanded}
        data-testid="notice-group-toggle"
        onClick={() => onToggle(id)}
      >
        <Icon name={expanded ? 'chevronDown' : 'chevronRight'} size={13} />
        {summarizeNotices(notices)}
      </button>
      {expanded && (
        <ul className="notice-list">
          {notices.map((n) => (
            <li key={n.id} className="notice-row" data-testid="room-notice" data-kind={n.kind}>
              <NoticeLine notice={n} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
});
