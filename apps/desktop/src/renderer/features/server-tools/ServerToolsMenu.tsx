import * as Menu from '@radix-ui/react-dropdown-menu';
import type { Account } from '@parley/contract';
import { useT } from '../../i18n';
import { deferred } from '../../ui/deferred';
import { Icon } from '../../ui/Icon';
import { useServerTools } from './store';
import './server-tools.css';

// The dialogs are chunks of their own, loaded when one opens (the menu is on the first screen).
const AdhocDialog = deferred(() => import('./AdhocDialog').then((m) => m.AdhocDialog));
const DiscoBrowser = deferred(() => import('./DiscoBrowser').then((m) => m.DiscoBrowser));
const ServerInfo = deferred(() => import('./ServerInfo').then((m) => m.ServerInfo));
const XmlConsole = deferred(() => import('./XmlConsole').then((m) => m.XmlConsole));

/** The account menu's server tools, and the one server-tools dialog open at a time. */
export function ServerToolsMenu({ account }: { account: Account }) {
  const { t } = useT('server-tools');
  const open = useServerTools((s) => s.open);
  const online = account.state === 'online';
  return (
    <>
      <Menu.Root>
        <Menu.Trigger asChild>
          <button
            type="button"
            className="icon-button"
            aria-label={t('Server tools')}
            title={t('Server tools')}
            data-testid="server-tools-menu"
          >
            <Icon name="more" />
          </button>
        </Menu.Trigger>
        <Menu.Portal>
          <Menu.Content className="menu" align="end" sideOffset={4}>
            <Menu.Item
              className="menu-item"
              disabled={!online}
              data-testid="open-disco"
              onSelect={() => open({ kind: 'disco', accountId: account.id })}
            >
              {t('Discover services…')}
            </Menu.Item>
            <Menu.Item
              className="menu-item"
              disabled={!online}
              data-testid="open-server-commands"
              onSelect={() =>
                open({
                  kind: 'adhoc',
                  accountId: account.id,
                  jid: account.jid.split('@').pop() ?? '',
                })
              }
            >
              {t('Server commands…')}
            </Menu.Item>
            <Menu.Item
              className="menu-item"
              disabled={!online}
              data-testid="open-server-info"
              onSelect={() => open({ kind: 'server-info', accountId: account.id })}
            >
              {t('Server information…')}
            </Menu.Item>
            <Menu.Item
              className="menu-item"
              data-testid="open-xml-console"
              onSelect={() => open({ kind: 'console', accountId: account.id })}
            >
              {t('XML console…')}
            </Menu.Item>
          </Menu.Content>
        </Menu.Portal>
      </Menu.Root>
      <ServerToolsDialogs jidOf={(id) => (id === account.id ? account.jid : id)} />
    </>
  );
}

function ServerToolsDialogs({ jidOf }: { jidOf(accountId: string): string }) {
  const dialog = useServerTools((s) => s.dialog);
  if (!dialog) return null;
  switch (dialog.kind) {
    case 'disco':
      return (
        <DiscoBrowser
          key={`disco-${dialog.jid ?? ''}`}
          accountId={dialog.accountId}
          {...(dialog.jid ? { jid: dialog.jid } : {})}
        />
      );
    case 'adhoc':
      return (
        <AdhocDialog
          key={`adhoc-${dialog.jid}`}
          accountId={dialog.accountId}
          jid={dialog.jid}
          {...(dialog.node ? { node: dialog.node } : {})}
        />
      );
    case 'console':
      return <XmlConsole accountId={dialog.accountId} jid={jidOf(dialog.accountId)} />;
    case 'server-info':
      return <ServerInfo accountId={dialog.accountId} />;
  }
}
