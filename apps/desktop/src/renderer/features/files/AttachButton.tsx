import { useRef } from 'react';
import { Icon } from '../../ui/Icon';
import { sendFiles } from './send';

interface AttachButtonProps {
  accountId: string;
  peer: string;
  disabled?: boolean;
}

/** The composer's paperclip: the system file picker, several files at once. */
export function AttachButton({ accountId, peer, disabled = false }: AttachButtonProps) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button
        type="button"
        className="icon-button attach-button"
        aria-label="Send files"
        title="Send files (or drop them on the conversation)"
        data-testid="attach-button"
        disabled={disabled}
        onClick={() => input.current?.click()}
      >
        <Icon name="attach" size={20} />
      </button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        tabIndex={-1}
        data-testid="attach-input"
        onChange={(e) => {
          const files = Array.from(e.currentTarget.files ?? []);
          // Cleared so that picking the same file again fires change again.
          e.currentTarget.value = '';
          if (files.length > 0) void sendFiles(accountId, peer, files);
        }}
      />
    </>
  );
}
