import { memo, useMemo, type ReactNode } from 'react';
import { openXmppUri } from '../links/open-xmpp-uri';
import { linkifyParts } from './linkify';
import { isMeAction, withoutMe } from './me-action';
import { hasStyling, parseStyling } from './styling';
import { useMessageStyling } from './styling-preference';
import { StyledLines } from './styling-view';

/**
 * A message body as text. It is never parsed as HTML: React creates text nodes, and the
 * only elements are <a> for http(s) links (opened outside the app, without an opener),
 * buttons for xmpp: addresses (followed inside Parley, as the message's account) and, when
 * styling is on, the XEP-0393 elements (strong, em, s, code, pre, blockquote, dimmed markers).
 */
export const MessageBody = memo(function MessageBody({
  body,
  accountId = null,
  actor = null,
  unstyled = false,
}: {
  body: string;
  accountId?: string | null;
  /** Who sent it, for a "/me" action (XEP-0245): shown as "* Bob waves". */
  actor?: string | null;
  /** The sender asked for no styling (XEP-0393 <unstyled xmlns='urn:xmpp:styling:0'/>). */
  unstyled?: boolean;
}) {
  const enabled = useMessageStyling();
  const action = actor !== null && isMeAction(body);
  const text = action ? withoutMe(body) : body;
  const lines = useMemo(() => {
    if (!enabled || unstyled) return null;
    const parsed = parseStyling(text);
    return hasStyling(parsed) ? parsed : null;
  }, [text, enabled, unstyled]);
  const blocks = lines?.some((line) => line.depth > 0 || line.kind !== 'plain') ?? false;
  const renderText = (part: string, key: string) => (
    <LinkedText key={key} text={part} accountId={accountId} />
  );
  return (
    <div
      className={`message-body${action ? ' me-action' : ''}${blocks ? ' has-blocks' : ''}`}
      dir="auto"
    >
      {action && (
        <span className="me-actor" data-testid="me-actor">
          * <bdi>{actor}</bdi>{' '}
        </span>
      )}
      {lines ? <StyledLines lines={lines} text={renderText} /> : renderText(text, 'all')}
    </div>
  );
});

/** Plain text with its http(s) links and xmpp: addresses made clickable. */
function LinkedText({ text, accountId }: { text: string; accountId: string | null }) {
  const parts = useMemo(() => linkifyParts(text), [text]);
  return parts.map((part, i): ReactNode => {
    if (part.kind === 'link') {
      return (
        <a key={i} href={part.href} target="_blank" rel="noopener noreferrer" title={part.href}>
          {part.text}
        </a>
      );
    }
    if (part.kind === 'xmpp') {
      return (
        <button
          key={i}
          type="button"
          className="xmpp-link"
          title={part.text}
          onClick={() => openXmppUri(part.text, accountId)}
        >
          {part.text}
        </button>
      );
    }
    return part.text;
  });
}
