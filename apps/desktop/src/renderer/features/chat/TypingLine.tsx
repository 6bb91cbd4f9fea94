import type { ChatState } from '@parley/contract';
import { useMemo } from 'react';
import { tFor, useT } from '../../i18n';
import { displayNick } from '../rooms/nick';
import { useChat } from './store';

const NONE: Record<string, ChatState> = {};

/** Room typists as one line: "Ann", "Ann and Bob", "Ann, Bob and 3 others". */
export function typistsText(nicks: readonly string[]): string | null {
  const t = tFor('chat');
  const shown = nicks.map(displayNick);
  const [first, second] = shown;
  if (first === undefined) return null;
  if (second === undefined) return t('{{name}} is typing…', { name: first });
  if (shown.length === 2) return t('{{first}} and {{second}} are typing…', { first, second });
  return t('{{first}}, {{second}} and {{count}} others are typing…', {
    first,
    second,
    count: shown.length - 2,
  });
}

/**
 * Who is typing in the open conversation (XEP-0085): the contact or occupant of a chat, the
 * occupants of a room. Only 'composing' shows; 'paused' is someone who stopped.
 */
export function TypingLine({
  conversationKey,
  room,
  name,
}: {
  conversationKey: string;
  room: boolean;
  name: string;
}) {
  const { t } = useT('chat');
  const typing = useChat((s) => s.typing[conversationKey]);
  const typists = useChat((s) => s.roomTyping[conversationKey] ?? NONE);
  const text = useMemo(() => {
    if (!room) return typing === 'composing' ? t('{{name}} is typing…', { name }) : null;
    const composing = Object.keys(typists).filter((nick) => typists[nick] === 'composing');
    return typistsText(composing.sort((a, b) => a.localeCompare(b)));
  }, [room, typing, typists, name, t]);
  return (
    <div className="typing-line" aria-live="polite">
      {text !== null && (
        <span data-testid="typing-indicator">
          <span className="typing-dots" aria-hidden="true">
            <span />
            <span />
            <span />
          </span>
          <bdi>{text}</bdi>
        </span>
      )}
    </div>
  );
}
