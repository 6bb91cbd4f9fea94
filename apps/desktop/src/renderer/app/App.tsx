import { useEffect } from 'react';
import { useT } from '../i18n';
import { CertificateDialog } from '../features/accounts/CertificateDialog';
import { FirstRun } from '../features/accounts/FirstRun';
import { AcceptInviteDialog } from '../features/invites/AcceptInviteDialog';
import { useAccounts } from '../features/accounts/store';
import { useFileDropGuard } from '../features/files/DropZone';
import { TransfersPanel } from '../features/files/TransfersPanel';
import { CallPanel } from '../features/calls/CallPanel';
import { IncomingCallDialog } from '../features/calls/IncomingCallDialog';
import { ScreenPicker } from '../features/calls/ScreenPicker';
import { totalUnread, useConversations } from '../features/conversations/store';
import { CommandPalette } from '../features/commands/palette/CommandPalette';
import { DevicesDialogHost } from '../features/omemo/DevicesDialogHost';
import { useDesktopShell } from '../features/desktop/useDesktopShell';
import { useUi } from '../features/ui/store';
import { preloadDeferred } from '../ui/deferred';
import {
  AccountsDialog,
  ChatView,
  PeopleDialogs,
  QuickSwitcher,
  RenameHost,
  RoomDialogs,
  SearchDialog,
  SettingsDialog,
} from './deferred-parts';
import { DrawerBackdrop, DrawerRail, useNarrowLayout } from './narrow-layout';
import { ShortcutsSheet } from './shortcuts/ShortcutsSheet';
import { useNav } from './shortcuts/store';
import { APP_SHORTCUTS } from './shortcuts/table';
import { useShortcuts } from './shortcuts/useShortcuts';
import { Sidebar } from './Sidebar';
import { BackendBanner } from './BackendBanner';

function LinkBanner() {
  const { t } = useT('common');
  const link = useUi((s) => s.link);
  if (link === 'open') return <BackendBanner />;
  return (
    <div className="link-banner" role="status" data-testid="backend-status" data-state={link}>
      <span className="spinner" aria-hidden="true" />
      {link === 'connecting'
        ? t('Connecting to the Parley backend…')
        : t('Lost the connection to the Parley backend. Reconnecting…')}
    </div>
  );
}

function useWindowTitle(): void {
  const unread = useConversations((s) => totalUnread(s.byKey));
  useEffect(() => {
    document.title = unread > 0 ? `(${unread}) Parley` : 'Parley';
  }, [unread]);
}

function EmptyMain() {
  const { t } = useT('common');
  return (
    <div className="main-empty">
      <div className="brand-mark large" aria-hidden="true">
        P
      </div>
      <p>{t('Select a conversation, open a contact, or join a group chat.')}</p>
    </div>
  );
}

/** Splash until the account list arrives, first-run without accounts, else the client. */
export function App() {
  const loaded = useAccounts((s) => s.loaded);
  const hasAccounts = useAccounts((s) => s.accounts.length > 0);
  const openChat = useUi((s) => s.openChat);
  useWindowTitle();
  useFileDropGuard();
  useShortcuts(APP_SHORTCUTS);
  useNarrowLayout();
  const drawerOpen = useNav((s) => s.drawerOpen);
  useDesktopShell();

  useEffect(() => {
    if (!hasAccounts) useUi.getState().setAccountsDialogOpen(false);
  }, [hasAccounts]);

  // Once the list is up, the deferred pieces load in idle time: the conversation first (the
  // next click), then the dialogs, so none of them is slower to open than before.
  useEffect(() => {
    if (!loaded || !hasAccounts) return;
    return preloadDeferred([ChatView]);
  }, [loaded, hasAccounts]);

  if (!loaded) {
    return (
      <div className="splash" data-testid="splash">
        <div className="brand-mark large" aria-hidden="true">
          P
        </div>
        <LinkBanner />
      </div>
    );
  }
  if (!hasAccounts) {
    return (
      <>
        <LinkBanner />
        <FirstRun />
      </>
    );
  }
  return (
    <div className="app">
      <LinkBanner />
      <div className="layout" data-drawer={drawerOpen ? 'open' : 'closed'}>
        <DrawerRail />
        <Sidebar />
        <DrawerBackdrop />
        {/* Under the open drawer the conversation takes no focus: the drawer is modal. */}
        <main className="main" inert={drawerOpen || undefined}>
          <CallPanel />
          {openChat ? (
            <ChatView
              key={`${openChat.accountId}\u0000${openChat.peer}`}
              accountId={openChat.accountId}
              peer={openChat.peer}
            />
          ) : (
            <EmptyMain />
          )}
        </main>
        <TransfersPanel />
      </div>
      <AccountsDialog />
      <SettingsDialog />
      <CertificateDialog />
      <RoomDialogs />
      <QuickSwitcher />
      <CommandPalette />
      <DevicesDialogHost />
      <SearchDialog />
      <PeopleDialogs />
      <AcceptInviteDialog />
      <ShortcutsSheet />
      <RenameHost />
      <IncomingCallDialog />
      <ScreenPicker />
    </div>
  );
}
