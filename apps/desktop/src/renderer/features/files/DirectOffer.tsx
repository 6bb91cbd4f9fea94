import type { DirectRoute } from '@parley/contract';
import { useT } from '../../i18n';
import { Icon } from '../../ui/Icon';
import { declineOffer, downloadFile } from './actions';
import { routeParts } from './direct';
import { MetaLine } from './MetaLine';
import { FileError, useAction } from './TransferControls';

/**
 * A file a contact offers peer to peer (XEP-0234): Accept or Decline. Nothing is received before
 * Accept; Decline tells the sender. Once declined, the card says so instead.
 */
export function DirectOfferActions({
  accountId,
  messageId,
  declined,
}: {
  accountId: string;
  messageId: string;
  declined: boolean;
}) {
  const { t } = useT('files');
  const { run, busy, error } = useAction();
  if (declined) {
    return (
      <p className="hint direct-note" data-testid="direct-declined">
        {t('You declined this file.')}
      </p>
    );
  }
  return (
    <>
      <p className="hint direct-note" data-testid="direct-offer">
        {t('Sent directly: nothing is received until you accept.')}
      </p>
      <div className="file-actions offer-actions">
        <button
          type="button"
          className="button button-small"
          data-testid="direct-accept"
          disabled={busy}
          onClick={() => run(() => downloadFile(accountId, messageId))}
        >
          <Icon name="download" size={15} /> {t('Accept')}
        </button>
        <button
          type="button"
          className="button button-small"
          data-testid="direct-decline"
          disabled={busy}
          onClick={() => run(() => declineOffer(accountId, messageId))}
        >
          <Icon name="close" size={14} /> {t('Decline')}
        </button>
      </div>
      {error && <FileError message={error} />}
    </>
  );
}

/** "Direct · data channel · end-to-end encrypted" under a direct transfer's card. */
export function DirectRouteLine({ route }: { route: DirectRoute }) {
  return (
    <p
      className="hint direct-route"
      data-testid="direct-route"
      data-transport={route.transport ?? ''}
    >
      <MetaLine parts={routeParts(route)} />
    </p>
  );
}
