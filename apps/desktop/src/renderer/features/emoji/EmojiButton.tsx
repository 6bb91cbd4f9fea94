import { useEffect, useRef, useState } from 'react';
import { useT } from '../../i18n';
import { EmojiPicker } from './EmojiPicker';

/** A button that opens the emoji picker above it; a pick is reported and closes the picker. */
export function EmojiButton({
  onPick,
  disabled = false,
}: {
  onPick(emoji: string): void;
  disabled?: boolean;
}) {
  const { t } = useT('emoji');
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    // A press anywhere outside closes it, as a menu does.
    const onPointerDown = (event: PointerEvent): void => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  return (
    <div className="emoji-button-anchor" ref={root}>
      <button
        type="button"
        className="icon-button emoji-button"
        aria-label={t('Emoji')}
        aria-expanded={open}
        title={t('Emoji')}
        data-testid="emoji-button"
        disabled={disabled}
        onClick={() => setOpen((v) => !v)}
      >
        <span aria-hidden="true">🙂</span>
      </button>
      {open && (
        <div className="emoji-popover">
          <EmojiPicker
            onPick={(emoji) => {
              setOpen(false);
              onPick(emoji);
            }}
            onClose={() => setOpen(false)}
          />
        </div>
      )}
    </div>
  );
}
