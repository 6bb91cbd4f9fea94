import { errorText, getClient } from '../../app/client';
import { tFor } from '../../i18n';
import { isSafePreviewUrl } from './format';
import { useFiles } from './store';

const t = tFor('files');

/** Fetch the file a message announced (only ever on the user's click or the backend's rule). */
export async function downloadFile(accountId: string, messageId: string): Promise<void> {
  const transfer = await getClient().call('files.download', { accountId, messageId });
  useFiles.getState().upsert(transfer);
}

/** Decline a file offered peer to peer: the sender is told, and nothing is received. */
export async function declineOffer(accountId: string, messageId: string): Promise<void> {
  await getClient().call('files.decline', { accountId, messageId });
  useFiles.getState().markDeclined(accountId, messageId);
}

export async function cancelTransfer(id: string): Promise<void> {
  await getClient().call('transfers.cancel', { id });
}

export async function retryTransfer(id: string): Promise<void> {
  const transfer = await getClient().call('transfers.retry', { id });
  if (transfer.id === id) useFiles.getState().upsert(transfer);
  else useFiles.getState().replace(id, transfer);
}

/** Hand a finished download to the system's handler: only ever from a click. */
export async function openFile(id: string): Promise<void> {
  await getClient().call('files.open', { id });
}

/** Fetch a finished transfer's inline preview once (cached in the slice; bad data refused). */
export function loadPreview(id: string): void {
  if (useFiles.getState().previews[id]) return;
  useFiles.getState().setPreview(id, { status: 'loading' });
  getClient()
    .call('files.preview', { id })
    .then(({ mediaType, dataUrl }) => {
      useFiles
        .getState()
        .setPreview(
          id,
          isSafePreviewUrl(dataUrl)
            ? { status: 'ready', mediaType, dataUrl }
            : { status: 'error', message: t('This file cannot be previewed.') },
        );
    })
    .catch((e: unknown) =>
      useFiles.getState().setPreview(id, { status: 'error', message: errorText(e) }),
    );
}
