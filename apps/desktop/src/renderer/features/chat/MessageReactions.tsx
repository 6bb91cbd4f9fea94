import type { Message, MessageReaction } from '@parley/contract';
import {
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type CSSProperties,
  type RefObject,
} from 'react';
import { createPortal } from 'react-dom';
import { create } from 'zustand';
import { errorText } from '../../app/client';
import { tFor, useT } from '../../i18n';
import { EmojiPicker } from '../emoji/EmojiPicker';
import { useRecentEmoji } from '../emoji/recent-emoji';
import { QUICK_REACTIONS, toggleReaction } from './message-actions';

/** How many emoji the quick row offers (recent ones first, then the usual ones). */
const QUICK_COUNT = 6;

interface ReactionUiState {
  /** The message whose "add reaction" row is open (one at a time, as a menu). */
  picking: string | null;
  /** The full picker is shown in that row. */
  full: boolean;
  /** Per message id: why the last reaction was refused (e.g. the room's restrictions). */
  errors: Record<string, string>;
  open(id: string, full: boolean): void;
  close(): void;
  setError(id: string, text: string | null): void;
}

export const useReactionUi = create<ReactionUiState>()((set) => ({
  picking: null,
  full: false,
  errors: {},
  open: (id, full) => set({ picking: id, full }),
  close: () => set({ picking: null, full: false }),
  setError: (id, text) =>
    set((s) => {
      const errors = { ...s.errors };
      if (text === null) delete errors[id];
      else errors[id] = text;
      return { errors };
    }),
}));

/** Recent emoji first, then the usual quick ones, without repeats. */
export function quickReactions(recent: readonly string[]): string[] {
  return [...new Set([...recent, ...QUICK_REACTIONS])].slice(0, QUICK_COUNT);
}

const t = tFor('chat');

/** Adds or removes one of our reactions; a refusal (e.g. a room's restriction) is shown. */
export function react(message: Message, emoji: string): Promise<void> {
  const ui = useReactionUi.getState();
  ui.close();
  ui.setError(message.id, null);
  return toggleReaction(message, emoji).catch((e: unknown) =>
    useReactionUi
      .getState()
      .setError(message.id, t('Reaction not sent: {{error}}', { error: errorText(e) })),
  );
}

/** What a chip says to a screen reader and on hover: the emoji, how many, and who. */
export function reactionLabel(r: MessageReaction): string {
  const values = { emoji: r.emoji, n: r.count, who: r.by.join(', ') };
  if (r.by.length > 0) {
    return r.mine
      ? t('{{emoji}} {{n}}: {{who}} (you reacted; press to remove yours)', values)
      : t('{{emoji}} {{n}}: {{who}}', values);
  }
  return r.mine
    ? t('{{emoji}} {{n}} (you reacted; press to remove yours)', values)
    : t('{{emoji}} {{n}}', values);
}

/** Room the picker needs below its anchor before it opens above it instead. */
const PICKER_HEIGHT = 380;

/**
 * Where the picker goes: on the window (a portal), under the message's reactions or above them
 * when the window ends first, so the timeline's scroll box never cuts it.
 */
function usePickerPlace(anchor: RefObject<HTMLElement | null>, open: boolean) {
  const [style, setStyle] = useState<CSSProperties | null>(null);
  useLayoutEffect(() => {
    if (!open || !anchor.current) return setStyle(null);
    const rect = anchor.current.getBoundingClientRect();
    const below = window.innerHeight - rect.bottom >= PICKER_HEIGHT;
    const right = rect.left > window.innerWidth / 2;
    setStyle({
      ...(below ? { top: rect.bottom + 6 } : { bottom: window.innerHeight - rect.top + 6 }),
      ...(right ? { right: window.innerWidth - rect.right } : { left: rect.left }),
    });
  }, [anchor, open]);
  return style;
}

/** XEP-0444: reactions under a message (click toggles ours) and an "add reaction" row. */
export function MessageReactions({ message }: { message: Message }) {
  const { t } = useT('chat');
  const picking = useReactionUi((s) => s.picking === message.id);
  const full = useReactionUi((s) => s.picking === message.id && s.full);
  const error = useReactionUi((s) => s.errors[message.id] ?? null);
  const recent = useRecentEmoji((s) => s.recent);
  const remember = useRecentEmoji((s) => s.use);
  const root = useRef<HTMLDivElement>(null);
  const picker = useRef<HTMLDivElement>(null);
  const place = usePickerPlace(root, full);

  useEffect(() => {
    if (!picking) return;
    // A press anywhere outside closes it, as a menu does.
    const onPointerDown = (event: PointerEvent): void => {
      const target = event.target as Node;
      if (root.current?.contains(target) || picker.current?.contains(target)) return;
      useReactionUi.getState().close();
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [picking]);

  const reactions = message.reactions ?? [];
  const ui = useReactionUi.getState;
  return (
    <div className="message-reactions" data-testid="message-reactions" ref={root}>
      {reactions.map((r) => (
        <button
          key={r.emoji}
          type="button"
          className={`reaction-chip${r.mine ? ' mine' : ''}`}
          data-testid="reaction"
          data-emoji={r.emoji}
          aria-pressed={r.mine}
          aria-label={reactionLabel(r)}
          title={reactionLabel(r)}
          onClick={() => void react(message, r.emoji)}
        >
          <span className="emoji" aria-hidden="true">
            {r.emoji}
          </span>{' '}
          <span aria-hidden="true">{r.count}</span>
        </button>
      ))}
      <button
        type="button"
        className="reaction-add"
        data-testid="reaction-add"
        aria-label={t('Add reaction')}
        title={t('Add reaction')}
        aria-expanded={picking}
        onClick={() => (picking ? ui().close() : ui().open(message.id, false))}
      >
        +☺
      </button>
      {picking && (
        <span className="reaction-quick" role="group" aria-label={t('Quick reactions')}>
          {quickReactions(recent).map((emoji) => (
            <button
              key={emoji}
              type="button"
              data-testid="reaction-quick"
              onClick={() => {
                remember(emoji);
                void react(message, emoji);
              }}
              aria-label={emoji}
            >
              {emoji}
            </button>
          ))}
          <button
            type="button"
            className="reaction-more"
            data-testid="reaction-more"
            aria-label={t('More emoji')}
            title={t('More emoji')}
            aria-expanded={full}
            onClick={() => ui().open(message.id, !full)}
          >
            …
          </button>
        </span>
      )}
      {full &&
        place &&
        createPortal(
          <div className="reaction-picker" ref={picker} style={place}>
            <EmojiPicker
              onPick={(emoji) => void react(message, emoji)}
              onClose={() => ui().close()}
            />
          </div>,
          document.body,
        )}
      {error && (
        <span className="reaction-error" role="alert" data-testid="reaction-error">
          {error}
          <button
            type="button"
            className="link-button"
            onClick={() => ui().setError(message.id, null)}
          >
            {t('Dismiss')}
          </button>
        </span>
      )}
    </div>
  );
}
