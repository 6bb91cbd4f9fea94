import type { Account } from '@parley/contract';
import { useId, useState, type KeyboardEvent } from 'react';
import { errorText } from '../../app/client';
import { useT } from '../../i18n';
import { Icon } from '../../ui/Icon';
import { moveAccount, setAccountEnabled } from './actions';

/**
 * Alt+↑ / Alt+↓ anywhere in an account's row moves it (the buttons do the same for the mouse
 * and for screen readers, which announce them with the account's address).
 */
export function moveOnKey(
  event: KeyboardEvent,
  accountId: string,
  onError: (message: string) => void,
): void {
  if (!event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return;
  event.preventDefault();
  moveAccount(accountId, event.key === 'ArrowUp' ? -1 : 1).catch((e: unknown) =>
    onError(errorText(e)),
  );
}

export function AccountOrderButtons({
  account,
  index,
  count,
  onError,
}: {
  account: Account;
  index: number;
  count: number;
  onError(message: string): void;
}) {
  const { t } = useT('accounts');
  if (count < 2) return null;
  const move = (by: -1 | 1): void => {
    moveAccount(account.id, by).catch((e: unknown) => onError(errorText(e)));
  };
  return (
    <div
      className="account-order"
      role="group"
      aria-label={t('Order of {{jid}}', { jid: account.jid })}
    >
      <button
        type="button"
        className="icon-button icon-button-small"
        data-testid="account-move-up"
        aria-label={t('Move {{jid}} up', { jid: account.jid })}
        title={t('Move up (Alt+↑)')}
        disabled={index === 0}
        onClick={() => move(-1)}
      >
        <Icon name="chevronUp" size={14} />
      </button>
      <button
        type="button"
        className="icon-button icon-button-small"
        data-testid="account-move-down"
        aria-label={t('Move {{jid}} down', { jid: account.jid })}
        title={t('Move down (Alt+↓)')}
        disabled={index === count - 1}
        onClick={() => move(1)}
      >
        <Icon name="chevronDown" size={14} />
      </button>
    </div>
  );
}

/** A disabled account does not connect, not even at start; its data stays. */
export function AccountEnabledSwitch({
  account,
  onError,
}: {
  account: Account;
  onError(message: string): void;
}) {
  const id = useId();
  const { t } = useT('accounts');
  const [busy, setBusy] = useState(false);
  const toggle = (enabled: boolean): void => {
    setBusy(true);
    setAccountEnabled(account.id, enabled)
      .catch((e: unknown) => onError(errorText(e)))
      .finally(() => setBusy(false));
  };
  return (
    <span className="account-enabled">
      <input
        id={`${id}-enabled`}
        type="checkbox"
        role="switch"
        data-testid="account-enabled"
        checked={account.enabled}
        disabled={busy}
        onChange={(e) => toggle(e.target.checked)}
        aria-label={t('{{jid}} enabled', { jid: account.jid })}
      />
      <label htmlFor={`${id}-enabled`}>{t('Enabled')}</label>
    </span>
  );
}
