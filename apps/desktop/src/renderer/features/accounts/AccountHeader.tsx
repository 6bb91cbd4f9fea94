import * as Menu from '@radix-ui/react-dropdown-menu';
import type { ReactNode } from 'react';
import { Avatar } from '../../ui/Avatar';
import { useT } from '../../i18n';
import { Icon } from '../../ui/Icon';
import { ServerToolsMenu } from '../server-tools/ServerToolsMenu';
import { usePeople } from '../people/store';
import { OwnAvatarButton } from '../avatars/OwnAvatarButton';
import { useSettingsDialog } from '../settings/dialog-store';
import { useUi } from '../ui/store';
import { AccountColorMark } from './AccountColor';
import { AccountStateBadge } from './AccountStateBadge';
import { PresenceSelector } from './PresenceSelector';
import { useAccount, useAccounts } from './store';

/** Top of the sidebar: the active account, its connection state and own presence. */
export function AccountHeader({ actions }: { actions?: ReactNode }) {
  const { t } = useT('accounts');
  const accounts = useAccounts((s) => s.accounts);
  const activeId = useUi((s) => s.activeAccountId);
  const setActive = useUi((s) => s.setActiveAccount);
  const openSettings = useSettingsDialog((s) => s.show);
  const account = useAccount(activeId) ?? accounts[0];
  const history = useAccounts((s) => (account ? s.history[account.id] : undefined));
  if (!account) return null;

  const identity = (
    <>
      {accounts.length > 1 && <AccountColorMark color={account.color} shape="stripe" />}
      <Avatar
        jid={account.jid}
        label={account.jid}
        show={account.state === 'online' ? account.ownPresence.show : 'offline'}
      />
      <span className="account-header-text">
        <span className="account-jid" title={account.jid} dir="auto">
          {account.jid}
        </span>
        <AccountStateBadge account={account} testId="account-state" />
      </span>
    </>
  );

  return (
    <header className="account-header">
      <div className="account-header-row">
        {accounts.length > 1 ? (
          <Menu.Root>
            <Menu.Trigger asChild>
              <button
                type="button"
                className="account-switch"
                data-testid="account-switcher"
                aria-label={t('Account {{jid}}. Switch account', { jid: account.jid })}
              >
                {identity}
                <Icon name="chevronDown" size={14} />
              </button>
            </Menu.Trigger>
            <Menu.Portal>
              <Menu.Content className="menu" align="start" sideOffset={4}>
                <Menu.RadioGroup value={account.id} onValueChange={setActive}>
                  {accounts.map((a) => (
                    <Menu.RadioItem
                      key={a.id}
                      value={a.id}
                      className={`menu-item${a.enabled ? '' : ' account-disabled'}`}
                      data-testid={`account-switch-${a.jid}`}
                    >
                      <AccountColorMark color={a.color} />
                      <Avatar jid={a.jid} label={a.jid} size="sm" />
                      <span className="grow">{a.jid}</span>
                      <AccountStateBadge account={a} />
                    </Menu.RadioItem>
                  ))}
                </Menu.RadioGroup>
              </Menu.Content>
            </Menu.Portal>
          </Menu.Root>
        ) : (
          <div className="account-switch static">{identity}</div>
        )}
        {actions}
        <ServerToolsMenu account={account} />
        <button
          type="button"
          className="icon-button"
          aria-label={t('Your profile')}
          title={t('Your profile')}
          data-testid="own-profile"
          onClick={() => usePeople.getState().openProfile(account.id)}
        >
          <Icon name="edit" />
        </button>
        <OwnAvatarButton account={account} />
        <button
          type="button"
          className="icon-button"
          aria-label={t('Settings')}
          title={t('Settings')}
          data-testid="open-settings"
          onClick={() => openSettings()}
        >
          <Icon name="settings" />
        </button>
      </div>
      <PresenceSelector account={account} />
      {history && !history.done && (
        <p className="history-progress" role="status" data-testid="history-progress">
          <span className="spinner" aria-hidden="true" />{' '}
          {t('Fetching history… {{count, number}} messages', { count: history.fetched })}
        </p>
      )}
    </header>
  );
}
