import { useState, type FormEvent } from 'react';
import { Trans } from 'react-i18next';
import { useT } from '../../i18n';
import { Dialog } from '../../ui/Dialog';
import { FormFooter } from '../../ui/FormFooter';
import { Icon } from '../../ui/Icon';
import { chatKey } from '../ui/store';
import { useDirectOption } from './direct';
import { DirectChoice } from './DirectChoice';
import { describeType, formatBytes, previewKind } from './format';
import { MetaLine } from './MetaLine';
import { sendFiles } from './send';
import { MAX_STAGED, useStaging, type StagedFile } from './staging';

function mediaTypeOf(file: StagedFile['file']): string | null {
  return 'type' in file && file.type ? file.type : null;
}

/** One file in the confirm step: its preview or kind icon, name, size, and its caption. */
function StagedRow({
  staged,
  onCaption,
  onRemove,
  autoFocus,
}: {
  staged: StagedFile;
  onCaption(caption: string): void;
  onRemove(): void;
  autoFocus: boolean;
}) {
  const { t } = useT('files');
  const { file, preview, caption } = staged;
  const type = mediaTypeOf(file);
  const kind = previewKind(type);
  return (
    <li className="staged-file" data-testid="staged-file">
      <div className="staged-file-head">
        {preview ? (
          <img
            className="staged-preview"
            data-testid="staged-preview"
            src={preview}
            alt=""
            draggable={false}
          />
        ) : (
          <span className="file-icon staged-icon" aria-hidden="true">
            <Icon name={kind ?? 'file'} size={22} />
          </span>
        )}
        <div className="file-card-text">
          <bdi className="file-name" title={file.name} data-testid="staged-name">
            {file.name}
          </bdi>
          <span className="file-meta" data-testid="staged-meta">
            <MetaLine parts={[formatBytes(file.size), describeType(type, file.name)]} />
          </span>
        </div>
        <button
          type="button"
          className="icon-button"
          aria-label={t('Do not send {{name}}', { name: file.name })}
          title={t('Remove')}
          data-testid="staged-remove"
          onClick={onRemove}
        >
          <Icon name="close" size={16} />
        </button>
      </div>
      <input
        className="staged-caption"
        data-testid="staged-caption"
        aria-label={t('Caption for {{name}}', { name: file.name })}
        placeholder={t('Add a caption (optional)')}
        maxLength={10_000}
        value={caption}
        autoFocus={autoFocus}
        onChange={(e) => onCaption(e.currentTarget.value)}
      />
    </li>
  );
}

const NO_FILES: StagedFile[] = [];

/**
 * The confirm step before files go: what will be sent, with a caption each (sent right after
 * the file as its own message, so every client shows it), and in a one-to-one chat the choice
 * to send peer to peer. Enter or Send sends, Escape cancels.
 */
export function SendFilesDialog({
  accountId,
  peer,
  peerName,
  oneToOne = false,
}: {
  accountId: string;
  peer: string;
  peerName: string;
  /** A chat with a contact (not a room or a room's private chat): direct files may go. */
  oneToOne?: boolean;
}) {
  const { t } = useT('files');
  const key = chatKey(accountId, peer);
  const staged = useStaging((s) => s.byKey[key]) ?? NO_FILES;
  const overflow = useStaging((s) => s.overflow[key] ?? 0);
  const { setCaption, remove, clear } = useStaging.getState();
  const [busy, setBusy] = useState(false);
  const [chosen, setChosen] = useState(false);
  const open = staged.length > 0;
  const option = useDirectOption(
    accountId,
    peer,
    oneToOne && open,
    staged.map((s) => s.file),
  );
  if (!open) return null;
  const direct = option.available && (option.forcedBy !== null || chosen);
  // The next confirm step starts from the upload again.
  const close = (): void => {
    setChosen(false);
    clear(key);
  };

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    const files = staged.map((s) => s.file);
    const captions = staged.map((s) => s.caption);
    // The step closes at once: refusals and progress show under the timeline, as before.
    close();
    void sendFiles(accountId, peer, files, captions, { direct }).finally(() => setBusy(false));
  };
  const count = staged.length;
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && close()}
      title={t('Send {{count}} files', { count })}
      description={
        <Trans
          t={t}
          i18nKey="To <name>{{name}}</name>"
          values={{ name: peerName }}
          components={{ name: <bdi /> }}
        />
      }
      testId="send-files-dialog"
    >
      <form className="form" onSubmit={submit} noValidate data-direct={direct}>
        <ul className="staged-files">
          {staged.map((s, i) => (
            <StagedRow
              key={s.id}
              staged={s}
              autoFocus={i === 0}
              onCaption={(caption) => setCaption(key, s.id, caption)}
              onRemove={() => remove(key, s.id)}
            />
          ))}
        </ul>
        <DirectChoice option={option} chosen={chosen} onChange={setChosen} />
        {overflow > 0 && (
          <p className="hint" data-testid="staged-overflow">
            {t('{{count}} more files were left out: at most {{max}} at once.', {
              count: overflow,
              max: MAX_STAGED,
            })}
          </p>
        )}
        <FormFooter
          onCancel={close}
          cancelTestId="send-files-cancel"
          busy={busy}
          submitTestId="send-files-confirm"
          submitLabel={t('Send {{count}}', { count })}
        />
      </form>
    </Dialog>
  );
}
