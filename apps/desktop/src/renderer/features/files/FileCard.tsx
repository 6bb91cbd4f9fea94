import type { Attachment, Message, Transfer } from '@parley/contract';
import { memo, useEffect, useState } from 'react';
import { useT } from '../../i18n';
import { Icon } from '../../ui/Icon';
import { downloadFile, loadPreview, openFile } from './actions';
import {
  describeType,
  formatBytes,
  nameFromUrl,
  previewKind,
  stateWords,
  type PreviewKind,
} from './format';
import { MetaLine } from './MetaLine';
import { useFiles, useTransferForMessage } from './store';
import { TransferControls, useAction } from './TransferControls';

/** The inline image or video: a data: URL from files.preview or the sender's own blob: URL. */
function FilePreview({
  kind,
  src,
  name,
  onOpen,
}: {
  kind: PreviewKind;
  src: string;
  name: string;
  onOpen: (() => void) | null;
}) {
  const { t } = useT('files');
  const [broken, setBroken] = useState(false);
  if (broken) return null;
  if (kind === 'video') {
    return (
      <video
        className="file-preview"
        data-testid="file-preview"
        src={src}
        controls
        preload="metadata"
        onError={() => setBroken(true)}
      />
    );
  }
  const img = (
    <img
      className="file-preview"
      data-testid="file-preview"
      src={src}
      alt={name}
      decoding="async"
      draggable={false}
      onError={() => setBroken(true)}
    />
  );
  if (!onOpen) return img;
  return (
    <button
      type="button"
      className="file-preview-button"
      title={t('Open {{name}}', { name })}
      onClick={onOpen}
    >
      {img}
    </button>
  );
}

/** The preview data: URL of a finished transfer (fetched once); null until there is one. */
function usePreviewUrl(id: string | null): string | null {
  const entry = useFiles((s) => (id ? s.previews[id] : undefined));
  useEffect(() => {
    if (id && !entry) loadPreview(id);
  }, [id, entry]);
  return entry?.status === 'ready' ? entry.dataUrl : null;
}

interface FileCardViewProps {
  name: string;
  size: number | null;
  mediaType: string | null;
  transfer: Transfer | null;
  onDownload: (() => Promise<void>) | null;
  /** False when the sender asked for no inline display (XEP-0447 disposition='attachment'). */
  inline?: boolean;
}

function FileCardView({
  name,
  size,
  mediaType,
  transfer,
  onDownload,
  inline = true,
}: FileCardViewProps) {
  const { t } = useT('files');
  const kind = inline ? previewKind(mediaType) : null;
  const thumbnail = useFiles((s) => (transfer ? s.thumbnails[transfer.id] : undefined));
  const wantsPreview = kind !== null && !thumbnail && transfer?.state === 'done';
  const previewUrl = usePreviewUrl(wantsPreview ? transfer.id : null);
  const src = thumbnail ?? previewUrl;
  const opener = useAction();
  const canOpen = transfer?.state === 'done' && transfer.direction === 'download';
  const state = transfer?.state ?? 'offered';
  const meta = [size === null ? null : formatBytes(size), describeType(mediaType, name)];
  if (state === 'cancelled' || (state === 'done' && transfer?.direction === 'upload')) {
    meta.push(state === 'done' ? t('Sent') : stateWords('cancelled'));
  }

  return (
    <div
      className={`file-card${src && kind ? ' has-preview' : ''}`}
      data-testid="file-card"
      data-state={state}
      data-direction={transfer?.direction}
    >
      {src && kind && (
        <FilePreview
          kind={kind}
          src={src}
          name={name}
          onOpen={canOpen ? () => opener.run(() => openFile(transfer.id)) : null}
        />
      )}
      <div className="file-card-main">
        <span className="file-icon" aria-hidden="true">
          <Icon name={kind ?? 'file'} size={20} />
        </span>
        <div className="file-card-text">
          <bdi className="file-name" title={name} data-testid="file-name">
            {name}
          </bdi>
          <span className="file-meta" data-testid="file-meta">
            <MetaLine parts={meta} />
          </span>
        </div>
      </div>
      <TransferControls transfer={transfer} onDownload={onDownload} />
      {opener.error && (
        <p className="file-error" role="alert" data-testid="file-error">
          <Icon name="warning" size={14} />
          <span>{opener.error}</span>
        </p>
      )}
    </div>
  );
}

/** A file a message carries: name, size, type, and the transfer's state and controls. */
export const FileCard = memo(function FileCard({
  message,
  attachment,
}: {
  message: Message;
  attachment: Attachment;
}) {
  const transfer = useTransferForMessage(message.accountId, message.id) ?? null;
  const name = attachment.name.trim() || transfer?.name || nameFromUrl(attachment.url);
  return (
    <FileCardView
      name={name}
      size={attachment.size ?? transfer?.size ?? null}
      mediaType={attachment.mediaType ?? transfer?.mediaType ?? null}
      transfer={transfer}
      onDownload={() => downloadFile(message.accountId, message.id)}
      inline={attachment.disposition !== 'attachment'}
    />
  );
});

/** An upload not yet carried by a message: the same card, from the transfer alone. */
export function UploadCard({ transfer }: { transfer: Transfer }) {
  return (
    <FileCardView
      name={transfer.name}
      size={transfer.size}
      mediaType={transfer.mediaType}
      transfer={transfer}
      onDownload={null}
    />
  );
}
