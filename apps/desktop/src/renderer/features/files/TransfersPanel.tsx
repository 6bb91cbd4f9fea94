import type { Transfer } from '@parley/contract';
import { useMemo, type ReactNode } from 'react';
import { Trans } from 'react-i18next';
import { useT } from '../../i18n';
import { Icon } from '../../ui/Icon';
import { displayName } from '../../ui/names';
import { useConversations } from '../conversations/store';
import { chatKey, useUi } from '../ui/store';
import { describeType, formatBytes, isActive, stateWords } from './format';
import { MetaLine } from './MetaLine';
import { activeCount, sortedTransfers, useFiles } from './store';
import { TransferControls } from './TransferControls';

/** Finished transfers listed at most (the backend keeps the rest). */
const RECENT = 50;

/** The sidebar button: opens the panel; its badge counts transfers under way. */
export function TransfersToggle() {
  const { t } = useT('files');
  const count = useFiles((s) => activeCount(s.transfers));
  const open = useFiles((s) => s.panelOpen);
  const setOpen = useFiles((s) => s.setPanelOpen);
  const label =
    count > 0 ? t('File transfers, {{count}} in progress', { count }) : t('File transfers');
  return (
    <button
      type="button"
      className="icon-button transfers-toggle"
      aria-label={label}
      title={label}
      aria-pressed={open}
      aria-controls={open ? 'transfers-panel' : undefined}
      data-testid="transfers-toggle"
      onClick={() => setOpen(!open)}
    >
      <Icon name="transfers" />
      {count > 0 && (
        <span className="toggle-badge" data-testid="transfers-count" aria-hidden="true">
          {count}
        </span>
      )}
    </button>
  );
}

function TransferRow({ transfer }: { transfer: Transfer }) {
  const { t } = useT('files');
  const { accountId, peer } = transfer;
  const name = useConversations((s) => s.byKey.get(chatKey(accountId, peer))?.name);
  const openChat = useUi((s) => s.setOpenChat);
  const upload = transfer.direction === 'upload';
  const meta = [
    transfer.size === null ? null : formatBytes(transfer.size),
    describeType(transfer.mediaType, transfer.name),
    isActive(transfer) ? null : stateWords(transfer.state),
  ];
  // The peer's name inside the sentence is a button that opens the conversation.
  const PeerButton = ({ children }: { children?: ReactNode }) => (
    <button
      type="button"
      className="link-button transfer-peer"
      title={t('Show the conversation with {{jid}}', { jid: peer })}
      onClick={() => openChat({ accountId, peer })}
    >
      <bdi>{children}</bdi>
    </button>
  );
  const values = { name: displayName(name, peer) };
  return (
    <li
      className="transfer-row"
      data-testid={`transfer-${transfer.id}`}
      data-state={transfer.state}
      data-direction={transfer.direction}
    >
      <span className={`transfer-direction ${transfer.direction}`} aria-hidden="true">
        <Icon name={upload ? 'upload' : 'download'} size={16} />
      </span>
      <div className="transfer-row-body">
        <bdi className="file-name" title={transfer.name}>
          {transfer.name}
        </bdi>
        <span className="file-meta">
          {upload ? (
            <Trans
              t={t}
              i18nKey="To <name>{{name}}</name>"
              values={values}
              components={{ name: <PeerButton /> }}
            />
          ) : (
            <Trans
              t={t}
              i18nKey="From <name>{{name}}</name>"
              values={values}
              components={{ name: <PeerButton /> }}
            />
          )}
          {' · '}
          <MetaLine parts={meta} />
        </span>
        <TransferControls transfer={transfer} />
      </div>
    </li>
  );
}

/** Active and recent transfers of every account, newest first, beside the conversation. */
export function TransfersPanel() {
  const { t } = useT('files');
  const open = useFiles((s) => s.panelOpen);
  const setOpen = useFiles((s) => s.setPanelOpen);
  const transfers = useFiles((s) => s.transfers);
  const [active, recent] = useMemo(() => {
    const all = sortedTransfers(transfers);
    return [all.filter(isActive), all.filter((t) => !isActive(t)).slice(0, RECENT)];
  }, [transfers]);
  if (!open) return null;

  return (
    <aside
      id="transfers-panel"
      className="transfers-panel"
      data-testid="transfers-panel"
      aria-label={t('File transfers')}
      onKeyDown={(e) => {
        if (e.key === 'Escape') setOpen(false);
      }}
    >
      <div className="transfers-panel-head">
        <h2 className="section-title">{t('Transfers')}</h2>
        <button
          type="button"
          className="icon-button"
          aria-label={t('Close transfers')}
          title={t('Close')}
          data-testid="transfers-close"
          onClick={() => setOpen(false)}
        >
          <Icon name="close" size={16} />
        </button>
      </div>
      <div className="transfers-panel-body">
        {active.length === 0 && recent.length === 0 && (
          <p className="empty-note">
            {t(
              'No transfers yet. Drop files on a conversation, or use the paperclip, to send them.',
            )}
          </p>
        )}
        {active.length > 0 && (
          <section aria-label={t('In progress')}>
            <h3 className="transfers-group">{t('In progress · {{n}}', { n: active.length })}</h3>
            <ul className="transfer-list">
              {active.map((item) => (
                <TransferRow key={item.id} transfer={item} />
              ))}
            </ul>
          </section>
        )}
        {recent.length > 0 && (
          <section aria-label={t('Recent')}>
            <h3 className="transfers-group">{t('Recent')}</h3>
            <ul className="transfer-list">
              {recent.map((item) => (
                <TransferRow key={item.id} transfer={item} />
              ))}
            </ul>
          </section>
        )}
      </div>
    </aside>
  );
}
