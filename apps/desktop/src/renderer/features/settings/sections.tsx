import type { Account } from '@parley/contract';
import type { ReactNode } from 'react';
import { useT } from '../../i18n';
import { AccountStateBadge } from '../accounts/AccountStateBadge';
import { OmemoSetting } from '../accounts/OmemoSetting';
import { SendChatStatesSetting } from '../accounts/SendChatStatesSetting';
import { useAccounts } from '../accounts/store';
import { MessageStylingSetting } from '../chat/styling-setting';
import { AutoDownloadSetting } from '../files/AutoDownloadSetting';
import { useUi } from '../ui/store';
import { CheckSetting } from './CheckSetting';
import { useSettingsDialog } from './dialog-store';
import { DownloadsFolderSetting } from './DownloadsFolderSetting';
import { LanguageSetting } from './LanguageSetting';
import { ThemeSetting } from './ThemeSetting';

/** Per-account preferences, one group per account (named when there are several). */
function PerAccount({ children }: { children: (account: Account) => ReactNode }) {
  const accounts = useAccounts((s) => s.accounts);
  if (accounts.length === 0) return null;
  if (accounts.length === 1) return <>{children(accounts[0]!)}</>;
  return (
    <>
      {accounts.map((account) => (
        <fieldset key={account.id} className="settings-account">
          <legend>{account.jid}</legend>
          {children(account)}
        </fieldset>
      ))}
    </>
  );
}

export function GeneralSection() {
  const { t } = useT('settings');
  return (
    <>
      <LanguageSetting />
      <ThemeSetting />
      <CheckSetting
        setting="sendOnEnter"
        accountId={null}
        label={t('Send with Enter')}
        hint={t(
          'Enter sends and Shift+Enter starts a new line. Off: Ctrl+Enter sends and Enter starts a new line.',
        )}
        testId="send-on-enter"
      />
    </>
  );
}

export function NotificationsSection() {
  const { t } = useT('settings');
  return (
    <>
      <CheckSetting
        setting="notifications"
        accountId={null}
        label={t('Show notifications for new messages')}
        hint={t(
          'Each conversation’s own choice (all, mentions, never) still applies. Off: none at all.',
        )}
        testId="notifications-setting"
      />
      <CheckSetting
        setting="notificationSound"
        accountId={null}
        label={t('Play a sound')}
        hint={t('A short chime with each notification.')}
        testId="notification-sound"
      />
      <CheckSetting
        setting="notificationText"
        accountId={null}
        label={t('Show the message text')}
        hint={t('Off: a notification names only who wrote, for shared or recorded screens.')}
        testId="notification-text"
      />
    </>
  );
}

export function FilesSection() {
  return (
    <>
      <DownloadsFolderSetting />
      <PerAccount>{(account) => <AutoDownloadSetting account={account} />}</PerAccount>
    </>
  );
}

export function ChatsSection() {
  const { t } = useT('settings');
  return (
    <>
      <PerAccount>
        {(account) => (
          <>
            <SendChatStatesSetting account={account} />
            <CheckSetting
              setting="sendMarkers"
              accountId={account.id}
              label={t('Send read markers')}
              hint={t(
                'Lets your contacts see when you have read their messages. You still see when they have.',
              )}
              testId="send-markers"
            />
          </>
        )}
      </PerAccount>
      <MessageStylingSetting />
      <CheckSetting
        setting="linkPreviews"
        accountId={null}
        label={t('Show link previews')}
        hint={t(
          'Parley fetches the first link of a message from a contact (or your own) to show its title. The site then learns your address.',
        )}
        testId="link-previews"
      />
    </>
  );
}

export function EncryptionSection() {
  const { t } = useT('settings');
  return (
    <>
      <OmemoSetting />
      <CheckSetting
        setting="callsRelayOnly"
        accountId={null}
        label={t('Relay calls through the server (hides your IP address)')}
        hint={t(
          'The other side sees only your server’s address. Calls may have more delay, and need a relay (TURN) service on your server.',
        )}
        testId="calls-relay-only"
      />
    </>
  );
}

/** The accounts at a glance; adding, editing and removing in the accounts dialog. */
export function AccountsSection() {
  const { t } = useT('settings');
  const accounts = useAccounts((s) => s.accounts);
  const openAccounts = useUi((s) => s.setAccountsDialogOpen);
  const closeSettings = useSettingsDialog((s) => s.close);
  return (
    <>
      <ul className="settings-account-list">
        {accounts.map((account) => (
          <li key={account.id} className="settings-account-item">
            <span className="account-jid">{account.jid}</span>
            <AccountStateBadge account={account} />
          </li>
        ))}
      </ul>
      <div className="dialog-actions">
        <button
          type="button"
          className="button button-primary"
          data-testid="manage-accounts"
          onClick={() => {
            // One dialog at a time: the accounts dialog has its own forms and confirmations.
            closeSettings();
            openAccounts(true);
          }}
        >
          {t('Manage accounts…')}
        </button>
      </div>
    </>
  );
}
