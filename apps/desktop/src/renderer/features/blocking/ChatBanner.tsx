import { useState } from 'react';
import { errorText } from '../../app/client';
import { useT } from '../../i18n';
import { addContact } from '../roster/actions';
import { useContact } from '../roster/store';
import { useTimeline } from '../chat/store';
import { chatKey } from '../ui/store';
import { block, unblock } from './actions';
import { ReportDialog } from './ReportDialog';
import { useIsBlocked } from './store';
import './blocking.css';

/**
 * Above a one-to-one chat: "You blocked …" with Unblock, or, for someone not in the roster who
 * wrote to us, Add contact / Block / Report spam.
 */
export function ChatBanner({ accountId, peer }: { accountId: string; peer: string }) {
  const { t } = useT('blocking');
  const blocked = useIsBlocked(accountId, peer);
  const contact = useContact(accountId, peer);
  const timeline = useTimeline(chatKey(accountId, peer));
  const [reporting, setReporting] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const wrote = timeline.messages.filter((m) => m.direction === 'in');
  const act = (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    action()
      .catch((e: unknown) => setError(errorText(e)))
      .finally(() => setBusy(false));
  };

  let banner = null;
  if (blocked) {
    banner = (
      <div className="chat-banner blocked" role="status" data-testid="blocked-banner">
        <span className="grow">
          {t('You have blocked {{peer}}. Nothing from them reaches you.', { peer })}
        </span>
        <button
          type="button"
          className="button button-small"
          disabled={busy}
          data-testid="banner-unblock"
          onClick={() => act(() => unblock(accountId, [peer]))}
        >
          {t('Unblock')}
        </button>
      </div>
    );
  } else if (!contact && wrote.length > 0) {
    banner = (
      <div
        className="chat-banner"
        role="region"
        aria-label={t('Unknown sender')}
        data-testid="stranger-banner"
      >
        <span className="grow">{t('{{peer}} is not in your contacts.', { peer })}</span>
        <button
          type="button"
          className="button button-small button-primary"
          disabled={busy}
          data-testid="stranger-add"
          onClick={() => act(() => addContact(accountId, peer, '', []))}
        >
          {t('Add contact')}
        </button>
        <button
          type="button"
          className="button button-small"
          disabled={busy}
          data-testid="stranger-block"
          onClick={() => act(() => block(accountId, [peer]))}
        >
          {t('Block')}
        </button>
        <button
          type="button"
          className="button button-small button-danger"
          data-testid="stranger-report"
          onClick={() => setReporting(true)}
        >
          {t('Report spam')}
        </button>
      </div>
    );
  }
  return (
    <>
      {banner}
      {error && (
        <p className="form-error small" role="alert" data-testid="banner-error">
          {error}
        </p>
      )}
      {reporting && (
        <ReportDialog
          accountId={accountId}
          jid={peer}
          messageIds={wrote.slice(-5).map((m) => m.id)}
          onClose={() => setReporting(false)}
        />
      )}
    </>
  );
}
