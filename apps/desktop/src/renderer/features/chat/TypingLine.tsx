import type { ChatState } from '@parley/contract';
import { useMemo } from 'react';
import { displayNick } from '../rooms/nick';
import { useChat } from './store';

const NONE: Record<string, ChatState> = {};

/** Room typists as one line: "Ann", "Ann and Bob", "Ann, Bob and 3 others". */
export function typistsText(nicks: readonly string[]): string | null {
  const shown = nicks.map(displayNick);
  if (shown.length === 0) return null;
  if (shown.length === 1) return `${shown[0]} is typing…`;
  if (shown.length === 2) return `${shown[0]} and ${shown[1]} are typing…`;
  const others = shown.length - 2;
  return `${shown[0]}, ${shown[1]} and ${others} ${others === 1 ? 'other' : 'others'} are typing…`;
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
  const typing = useChat((s) => s.typing[conversationKey]);
  const typists = useChat((s) => s.roomTyping[conversationKey] ?? NONE);
  const text = useMemo(() => {
    if (!room) return typing === 'composing' ? `${name} is typing…` : null;
    const composing = Object.keys(typists).filter((nick) => typists[nick] === 'composing');
    return typistsText(composing.sort((a, b) => a.localeCompare(b)));
  }, [room, typing, typists, name]);
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
