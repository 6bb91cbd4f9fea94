import { useRef } from 'react';
import { useT } from '../../i18n';
import { Icon } from '../../ui/Icon';
import { canPickFiles, pickFiles } from './send';
import { stageFiles } from './staging';

interface AttachButtonProps {
  accountId: string;
  peer: string;
  disabled?: boolean;
}

/**
 * The composer's paperclip: the system file picker, several files at once. In the desktop app
 * the dialog is main's and answers with grants (the renderer never sees a path); in a browser
 * it is the page's file input, whose files go as bytes.
 */
export function AttachButton({ accountId, peer, disabled = false }: AttachButtonProps) {
  const { t } = useT('files');
  const input = useRef<HTMLInputElement>(null);
  const pick = (): void => {
    if (!canPickFiles()) {
      input.current?.click();
      return;
    }
    void pickFiles().then((picked) => {
      if (picked.length > 0) stageFiles(accountId, peer, picked);
    });
  };
  return (
    <>
      <button
        type="button"
        className="icon-button attach-button"
        aria-label={t('Send files')}
        title={t('Send files (or drop them on the conversation)')}
        data-testid="attach-button"
        disabled={disabled}
        onClick={pick}
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
          if (files.length > 0) stageFiles(accountId, peer, files);
        }}
      />
    </>
  );
}
