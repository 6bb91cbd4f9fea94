import { memo, useMemo } from 'react';
import { linkifyParts } from './linkify';

/**
 * A message body as text. It is never parsed as HTML: React creates text nodes, and the
 * only elements are <a> for http(s) links (opened outside the app, without an opener).
 */
export const MessageBody = memo(function MessageBody({ body }: { body: string }) {
  const parts = useMemo(() => linkifyParts(body), [body]);
  return (
    <div className="message-body" dir="auto">
      {parts.map((part, i) =>
        part.kind === 'link' ? (
          <a key={i} href={part.href} target="_blank" rel="noopener noreferrer" title={part.href}>
            {part.text}
          </a>
        ) : (
          part.text
        ),
      )}
    </div>
  );
});
