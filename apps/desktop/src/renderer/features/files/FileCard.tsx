import type { Attachment, Message, Transfer } from '@parley/contract';
import { memo, useEffect, useState } from 'react';
import { useT } from '../../i18n';
import { Icon } from '../../ui/Icon';
import { downloadFile, loadPreview, openFile } from './actions';
import {
  describeType,
  formatBytes,
  isActive,
  nameFromUrl,
  previewKind,
  stateWords,
  type PreviewKind,
} from './format';
import { MetaLine } from './MetaLine';
import { messageKey, useFiles, useTransferForMessage } from './store';
import { awaitingAccept } from './direct';
import { DirectOfferActions, DirectRouteLine } from './DirectOffer';
import { FileError, TransferControls, useAction } from './TransferControls';

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
  /** A file a contact offers peer to peer, not accepted yet: Accept or Decline it. */
  offer?: { accountId: string; messageId: string; declined: boolean } | null;
}

function FileCardView({
  name,
  size,
  mediaType,
  transfer,
  onDownload,
  inline = true,
  offer = null,
}: FileCardViewProps) {
  const { t } = useT('files');
  const kind = inline ? previewKind(mediaType) : null;
  const thumbnail = useFiles((s) => (transfer ? s.thumbnails[transfer.id] : undefined));
  const wantsPreview = kind !== null && !thumbnail && transfer?.state === 'done';
  const previewUrl = usePreviewUrl(wantsPreview ? transfer.id : null);
  const src = thumbnail ?? previewUrl;
  const opener = useAction();
  const canOpen = transfer?.state === 'done' && transfer.direction === 'download';
  const state = offer?.declined ? 'declined' : (transfer?.state ?? 'offered');
  const route = transfer?.direct;
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
      {offer && (!transfer || offer.declined) ? (
        <DirectOfferActions {...offer} />
      ) : (
        <TransferControls transfer={transfer} onDownload={onDownload} />
      )}
      {route && !awaitingAccept(transfer) && (isActive(transfer) || transfer.state === 'done') && (
        <DirectRouteLine route={route} />
      )}
      {opener.error && <FileError message={opener.error} />}
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
  const { accountId, id: messageId } = message;
  const transfer = useTransferForMessage(accountId, messageId) ?? null;
  // Declined here: at once on the click, then by the backend's record of it (a failed download).
  const declinedNow = useFiles((s) => s.declined[messageKey(accountId, messageId)] === true);
  const declined =
    declinedNow || (transfer?.direction === 'download' && transfer.error?.code === 'declined');
  const name = attachment.name.trim() || transfer?.name || nameFromUrl(attachment.url);
  // A direct offer has no URL to fetch: only Accept starts it, and only the receiver's.
  const direct = attachment.direct === true;
  const offer = direct && message.direction === 'in' ? { accountId, messageId, declined } : null;
  return (
    <FileCardView
      name={name}
      size={attachment.size ?? transfer?.size ?? null}
      mediaType={attachment.mediaType ?? transfer?.mediaType ?? null}
      transfer={transfer}
      onDownload={direct ? null : () => downloadFile(accountId, messageId)}
      inline={attachment.disposition !== 'attachment'}
      offer={offer}
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
