import type { Transfer } from '@parley/contract';
import { useMemo } from 'react';
import { Icon } from '../../ui/Icon';
import { displayName } from '../../ui/names';
import { useConversations } from '../conversations/store';
import { chatKey, useUi } from '../ui/store';
import { describeType, formatBytes, isActive, STATE_WORDS } from './format';
import { activeCount, sortedTransfers, useFiles } from './store';
import { TransferControls } from './TransferControls';

/** Finished transfers listed at most (the backend keeps the rest). */
const RECENT = 50;

/** The sidebar button: opens the panel; its badge counts transfers under way. */
export function TransfersToggle() {
  const count = useFiles((s) => activeCount(s.transfers));
  const open = useFiles((s) => s.panelOpen);
  const setOpen = useFiles((s) => s.setPanelOpen);
  const label = count > 0 ? `File transfers, ${count} in progress` : 'File transfers';
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
  const { accountId, peer } = transfer;
  const name = useConversations((s) => s.byKey.get(chatKey(accountId, peer))?.name);
  const openChat = useUi((s) => s.setOpenChat);
  const upload = transfer.direction === 'upload';
  const meta = [
    transfer.size === null ? null : formatBytes(transfer.size),
    describeType(transfer.mediaType, transfer.name),
    isActive(transfer) ? null : STATE_WORDS[transfer.state],
  ];
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
          {upload ? 'To ' : 'From '}
          <button
            type="button"
            className="link-button transfer-peer"
            title={`Show the conversation with ${peer}`}
            onClick={() => openChat({ accountId, peer })}
          >
            <bdi>{displayName(name, peer)}</bdi>
          </button>
          {' · '}
          {meta.filter(Boolean).join(' · ')}
        </span>
        <TransferControls transfer={transfer} />
      </div>
    </li>
  );
}

/** Active and recent transfers of every account, newest first, beside the conversation. */
export function TransfersPanel() {
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
      aria-label="File transfers"
      onKeyDown={(e) => {
        if (e.key === 'Escape') setOpen(false);
      }}
    >
      <div className="transfers-panel-head">
        <h2 className="section-title">Transfers</h2>
        <button
          type="button"
          className="icon-button"
          aria-label="Close transfers"
          title="Close"
          data-testid="transfers-close"
          onClick={() => setOpen(false)}
        >
          <Icon name="close" size={16} />
        </button>
      </div>
      <div className="transfers-panel-body">
        {active.length === 0 && recent.length === 0 && (
          <p className="empty-note">
            No transfers yet. Drop files on a conversation, or use the paperclip, to send them.
          </p>
        )}
        {active.length > 0 && (
          <section aria-label="In progress">
            <h3 className="transfers-group">In progress · {active.length}</h3>
            <ul className="transfer-list">
              {active.map((t) => (
                <TransferRow key={t.id} transfer={t} />
              ))}
            </ul>
          </section>
        )}
        {recent.length > 0 && (
          <section aria-label="Recent">
            <h3 className="transfers-group">Recent</h3>
            <ul className="transfer-list">
              {recent.map((t) => (
                <TransferRow key={t.id} transfer={t} />
              ))}
            </ul>
          </section>
        )}
      </div>
    </aside>
  );
}
