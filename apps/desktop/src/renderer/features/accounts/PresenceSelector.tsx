import type { Account, OwnPresence } from '@parley/contract';
import * as Menu from '@radix-ui/react-dropdown-menu';
import { useState } from 'react';
import { errorText } from '../../app/client';
import { useT } from '../../i18n';
import { Icon } from '../../ui/Icon';
import { SHOW_LABEL } from '../../ui/names';
import { PresenceDot } from '../../ui/PresenceDot';
import { setPresence, setPresenceForAll } from './actions';
import { StatusDialog, SHOWS, type OwnShow } from './StatusDialog';
import { StatusHistoryMenuItems } from './StatusHistory';
import { useAccounts } from './store';

/**
 * Own presence of one account: a menu of shows, the status messages used before, and a
 * dialog for the status message and priority; with several accounts, the same for all.
 */
export function PresenceSelector({ account }: { account: Account }) {
  const { t } = useT('accounts');
  const [editing, setEditing] = useState<'account' | 'all' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const several = useAccounts((s) => s.accounts.filter((a) => a.enabled).length > 1);
  const { show, status } = account.ownPresence;
  const online = account.state === 'online';
  const apply = (presence: OwnPresence): void => {
    setError(null);
    setPresence(account.id, presence).catch((e: unknown) => setError(errorText(e)));
  };
  return (
    <>
      <Menu.Root>
        <Menu.Trigger asChild>
          <button
            type="button"
            className="presence-trigger"
            data-testid="presence-selector"
            data-show={show}
            aria-label={
              status
                ? t('Your status: {{show}}, {{status}}. Change', { show: SHOW_LABEL[show], status })
                : t('Your status: {{show}}. Change', { show: SHOW_LABEL[show] })
            }
          >
            <PresenceDot show={online ? show : 'offline'} />
            <span className="presence-trigger-text">
              {SHOW_LABEL[show]}
              {status && <span className="muted"> — {status}</span>}
            </span>
            <Icon name="chevronDown" size={14} />
          </button>
        </Menu.Trigger>
        <Menu.Portal>
          <Menu.Content className="menu" align="start" sideOffset={4}>
            <Menu.RadioGroup
              value={show}
              onValueChange={(value) => apply({ show: value as OwnShow, status })}
            >
              {SHOWS.map((s) => (
                <Menu.RadioItem
                  key={s}
                  value={s}
                  className="menu-item"
                  data-testid={`presence-option-${s}`}
                >
                  <PresenceDot show={s} />
                  {SHOW_LABEL[s]}
                  <Menu.ItemIndicator className="menu-check">✓</Menu.ItemIndicator>
                </Menu.RadioItem>
              ))}
            </Menu.RadioGroup>
            <StatusHistoryMenuItems
              history={account.statusHistory.filter((text) => text !== status)}
              onPick={(text) => apply({ show, status: text })}
            />
            <Menu.Separator className="menu-separator" />
            <Menu.Item
              className="menu-item"
              onSelect={() => setEditing('account')}
              data-testid="presence-edit-status"
            >
              {t('Set status message…')}
            </Menu.Item>
            {several && (
              <Menu.Item
                className="menu-item"
                onSelect={() => setEditing('all')}
                data-testid="presence-edit-all"
              >
                {t('Set status for all accounts…')}
              </Menu.Item>
            )}
          </Menu.Content>
        </Menu.Portal>
      </Menu.Root>
      {error && (
        <p className="form-error small" role="alert">
          {error}
        </p>
      )}
      {editing && (
        <StatusDialog
          account={account}
          allAccounts={editing === 'all'}
          onClose={() => setEditing(null)}
          onSave={async (presence) => {
            if (editing === 'all') await setPresenceForAll(presence);
            else await setPresence(account.id, presence);
            setEditing(null);
          }}
        />
      )}
    </>
  );
}
