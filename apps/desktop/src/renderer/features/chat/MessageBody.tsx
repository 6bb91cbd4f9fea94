import { memo, useMemo } from 'react';
import { openXmppUri } from '../links/open-xmpp-uri';
import { linkifyParts } from './linkify';
import { isMeAction, withoutMe } from './me-action';

/**
 * A message body as text. It is never parsed as HTML: React creates text nodes, and the
 * only elements are <a> for http(s) links (opened outside the app, without an opener) and
 * buttons for xmpp: addresses (followed inside Parley, as the message's account).
 */
export const MessageBody = memo(function MessageBody({
  body,
  accountId = null,
  actor = null,
}: {
  body: string;
  accountId?: string | null;
  /** Who sent it, for a "/me" action (XEP-0245): shown as "* Bob waves". */
  actor?: string | null;
}) {
  const action = actor !== null && isMeAction(body);
  const text = action ? withoutMe(body) : body;
  const parts = useMemo(() => linkifyParts(text), [text]);
  return (
    <div className={`message-body${action ? ' me-action' : ''}`} dir="auto">
      {action && (
        <span className="me-actor" data-testid="me-actor">
          * <bdi>{actor}</bdi>{' '}
        </span>
      )}
      {parts.map((part, i) => {
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
      })}
    </div>
  );
});
