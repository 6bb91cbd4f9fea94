import type { Transfer } from '@parley/contract';
import { openableKind } from '@parley/contract/client';
import { useState } from 'react';
import { errorText } from '../../app/client';
import { useT } from '../../i18n';
import { Icon } from '../../ui/Icon';
import { cancelTransfer, openFile, retryTransfer } from './actions';
import { awaitingAccept } from './direct';
import { isActive, percentOf, progressText, transferErrorText } from './format';

/** Runs one user action at a time, keeping its failure as words. */
export function useAction(): {
  run(action: () => Promise<void>): void;
  busy: boolean;
  error: string | null;
} {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = (action: () => Promise<void>): void => {
    if (busy) return;
    setBusy(true);
    setError(null);
    action()
      .catch((e: unknown) => setError(errorText(e)))
      .finally(() => setBusy(false));
  };
  return { run, busy, error };
}

/** Why something failed, in words, under a file's card. */
export function FileError({ message }: { message: string }) {
  return (
    <p className="file-error" role="alert" data-testid="file-error">
      <Icon name="warning" size={14} />
      <span>{message}</span>
    </p>
  );
}

/** A bar with "3.2 of 10 MB · 1.1 MB/s" and the percentage; indeterminate without a size. */
export function TransferProgress({ transfer }: { transfer: Transfer }) {
  const { t } = useT('files');
  // A direct offer waits for the contact's Accept (no bytes, no transport yet), not a queue.
  const offerOpen = awaitingAccept(transfer);
  const waiting = transfer.state === 'queued' || offerOpen;
  const percent = offerOpen ? null : percentOf(transfer);
  const text = offerOpen
    ? t('Waiting for the contact to accept…')
    : waiting
      ? t('Waiting…')
      : progressText(transfer);
  const name = transfer.name;
  return (
    <div
      className="transfer-progress"
      data-testid="file-progress"
      role="progressbar"
      aria-label={
        transfer.direction === 'upload'
          ? t('Uploading {{name}}', { name })
          : t('Downloading {{name}}', { name })
      }
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent ?? undefined}
      aria-valuetext={percent === null ? text : t('{{percent}}%, {{text}}', { percent, text })}
    >
      <div className={`progress-track${percent === null ? ' indeterminate' : ''}`}>
        <div
          className="progress-fill"
          style={percent === null ? undefined : { width: `${percent}%` }}
        />
      </div>
      <div className="progress-text">
        <span className="progress-amount">{text}</span>
        {percent !== null && !waiting && <span>{t('{{percent}}%', { percent })}</span>}
      </div>
    </div>
  );
}

interface TransferControlsProps {
  /** Null while nothing was fetched yet (a file offered in a message). */
  transfer: Transfer | null;
  /** Offered or cancelled downloads: fetch it (again). */
  onDownload?: (() => Promise<void>) | null;
}

/** Download, cancel, retry and open, with the failure in words below. */
export function TransferControls({ transfer, onDownload = null }: TransferControlsProps) {
  const { t } = useT('files');
  const { run, busy, error } = useAction();
  const state = transfer?.state ?? null;
  const canDownload =
    onDownload !== null &&
    (state === null || (state === 'cancelled' && transfer?.direction === 'download'));
  const failure =
    transfer?.state === 'failed' && transfer.error ? transferErrorText(transfer.error) : null;
  const message =
    error ?? failure ?? (transfer?.state === 'failed' ? t('The transfer failed.') : null);
  const id = transfer?.id ?? '';
  // A declined offer is not sent again behind the contact's back: they said no.
  const declined = transfer?.error?.code === 'declined';
  // What a click does is main's decision (it also checks the content); this only names it.
  const opens = transfer ? openableKind(transfer.name) !== null : false;
  return (
    <>
      <div className="file-actions">
        {canDownload && (
          <button
            type="button"
            className="button button-small"
            data-testid="file-download"
            disabled={busy}
            onClick={() => run(onDownload)}
          >
            <Icon name="download" size={15} /> {t('Download')}
          </button>
        )}
        {transfer && isActive(transfer) && (
          <button
            type="button"
            className="button button-small"
            data-testid="file-cancel"
            disabled={busy}
            onClick={() => run(() => cancelTransfer(id))}
          >
            <Icon name="close" size={14} /> {t('Cancel')}
          </button>
        )}
        {state === 'failed' && !declined && (
          <button
            type="button"
            className="button button-small"
            data-testid="file-retry"
            disabled={busy}
            onClick={() => run(() => retryTransfer(id))}
          >
            <Icon name="retry" size={15} /> {t('Retry')}
          </button>
        )}
        {state === 'done' && transfer?.direction === 'download' && (
          <button
            type="button"
            className="button button-small"
            data-testid="file-open"
            title={
              opens
                ? t('Open with the system’s application for this type of file')
                : t('Files of this type are not opened from a chat: show it in its folder')
            }
            disabled={busy}
            onClick={() => run(() => openFile(id))}
          >
            <Icon name="open" size={15} />{' '}
            {opens ? t('Open', { context: 'verb' }) : t('Show in folder')}
          </button>
        )}
      </div>
      {transfer && isActive(transfer) && <TransferProgress transfer={transfer} />}
      {message && <FileError message={message} />}
    </>
  );
}
