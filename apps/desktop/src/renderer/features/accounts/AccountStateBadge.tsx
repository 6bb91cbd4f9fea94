import type { Account } from '@parley/contract';
import { useT } from '../../i18n';
import { accountStateText } from './describe';
import { failureWords } from '../../i18n/backend-texts';

/** Connection state in words; the server's own message on hover when there is an error. */
export function AccountStateBadge({ account, testId }: { account: Account; testId?: string }) {
  // The words are made in describe.ts; this re-renders them when the language changes.
  useT('accounts');
  const text = accountStateText(account);
  const detail =
    account.state === 'error' && account.error ? failureWords(account.error) : undefined;
  return (
    <span
      className={`state-badge state-${account.state}`}
      data-testid={testId}
      data-state={account.state}
      data-jid={account.jid}
      title={detail || text}
      role="status"
    >
      {account.state === 'connecting' && <span className="spinner" aria-hidden="true" />}
      <span className="state-badge-text">{text}</span>
    </span>
  );
}
