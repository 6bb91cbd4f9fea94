import { useMemo } from 'react';
import { Trans } from 'react-i18next';
import { useT } from '../../i18n';
import { Icon } from '../../ui/Icon';
import { chatKey } from '../ui/store';
import { UploadCard } from './FileCard';
import { pendingUploads, useFiles } from './store';

/**
 * Below the timeline: files refused before upload (why, in words) and uploads still on their way
 * to the server (they join the timeline as messages once sent).
 */
export function PendingUploads({ accountId, peer }: { accountId: string; peer: string }) {
  const { t } = useT('files');
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
                    <Trans
                      t={t}
                      i18nKey="<name>{{name}}</name> was not sent."
                      values={{ name: r.name }}
                      components={{ name: <bdi className="refused-name" /> }}
                    />{' '}
                  </>
                )}
                {r.reason}
              </li>
            ))}
          </ul>
          <button
            type="button"
            className="icon-button"
            aria-label={t('Dismiss')}
            title={t('Dismiss')}
            data-testid="file-refused-dismiss"
            onClick={() => clear(key)}
          >
            <Icon name="close" size={16} />
          </button>
        </div>
      )}
      {uploads.map((upload) => (
        <div
          key={upload.id}
          className="message-row out pending-upload"
          data-testid={`upload-${upload.id}`}
        >
          <div className="bubble">
            <UploadCard transfer={upload} />
            {upload.state === 'failed' && (
              <button
                type="button"
                className="link-button pending-dismiss"
                data-testid="upload-dismiss"
                onClick={() => remove(upload.id)}
              >
                {t('Dismiss')}
              </button>
            )}
          </div>
        </div>
      ))}
    </div>
  );
}
