import type { Message } from '@parley/contract';
import { useState } from 'react';
import { QUICK_REACTIONS, toggleReaction } from './message-actions';

/** XEP-0444: reactions under a message (click toggles ours) and a quick "add reaction" row. */
export function MessageReactions({ message }: { message: Message }) {
  const [picking, setPicking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const toggle = (emoji: string) => {
    setPicking(false);
    toggleReaction(message, emoji).then(
      () => setError(null),
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  };
  const reactions = message.reactions ?? [];
  return (
    <div className="message-reactions" data-testid="message-reactions">
      {reactions.map((r) => (
        <button
          key={r.emoji}
          type="button"
          className={`reaction-chip${r.mine ? ' mine' : ''}`}
          data-testid="reaction"
          aria-pressed={r.mine}
          title={r.by.join(', ')}
          onClick={() => toggle(r.emoji)}
        >
          <span className="emoji">{r.emoji}</span> {r.count}
        </button>
      ))}
      <button
        type="button"
        className="reaction-add"
        data-testid="reaction-add"
        aria-label="Add reaction"
        aria-expanded={picking}
        onClick={() => setPicking((p) => !p)}
      >
        +☺
      </button>
      {picking && (
        <span className="reaction-quick" role="group" aria-label="Quick reactions">
          {QUICK_REACTIONS.map((emoji) => (
            <button key={emoji} type="button" onClick={() => toggle(emoji)} aria-label={emoji}>
              {emoji}
            </button>
          ))}
          {/* emoji picker: the full picker (features/emoji/) mounts here */}
        </span>
      )}
      {error && (
        <span className="reaction-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
