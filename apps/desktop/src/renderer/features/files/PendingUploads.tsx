import { useMemo } from 'react';
import { Icon } from '../../ui/Icon';
import { chatKey } from '../ui/store';
import { UploadCard } from './FileCard';
import { pendingUploads, useFiles } from './store';

/**
 * Below the timeline: files refused before upload (why, in words) and uploads still on their way
 * to the server (they join the timeline as messages once sent).
 */
export function PendingUploads({ accountId, peer }: { accountId: string; peer: string }) {
  const key = chatKey(accountId, peer);
  const transfers = useFiles((s) => s.transfers);
  const refusals = useFiles((s) => s.refusals[key]);
  const clear = useFiles((s) => s.clearRefusals);
  const remove = useFiles((s) => s.remove);
  const uploads = useMemo(
    () => pendingUploads(transfers, accountId, peer),
    [transfers, accountId, peer],
  );
  if (uploads.length === 0 && !refusals?.length) return null;

  return (
    <div className="pending-uploads" data-testid="pending-uploads">
      {refusals && refusals.length > 0 && (
        <div className="file-refusals" role="alert" data-testid="file-refused">
          <ul>
            {refusals.map((r, i) => (
              <li key={i}>
                {r.name !== null && (
                  <>
                    <bdi className="refused-name">{r.name}</bdi> was not sent.{' '}
                  </>
                )}
                {r.reason}
              </li>
            ))}
          </ul>
          <button
            type="button"
            className="icon-button"
            aria-label="Dismiss"
            title="Dismiss"
            data-testid="file-refused-dismiss"
            onClick={() => clear(key)}
          >
            <Icon name="close" size={16} />
          </button>
        </div>
      )}
      {uploads.map((t) => (
        <div key={t.id} className="message-row out pending-upload" data-testid={`upload-${t.id}`}>
          <div className="bubble">
            <UploadCard transfer={t} />
            {t.state === 'failed' && (
              <button
                type="button"
                className="link-button pending-dismiss"
                data-testid="upload-dismiss"
                onClick={() => remove(t.id)}
              >
                Dismiss
              </button>
            )}
          </div>
        </div>
      ))}
    </div>
  );
}
