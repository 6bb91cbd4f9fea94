import type { MenuItemConstructorOptions } from 'electron';
import type { DesktopChatRef, DesktopReport, TrayShow } from '@parley/contract';

import { tFor } from './i18n.js';

const t = tFor('desktop');

const SHOWS: readonly TrayShow[] = ['available', 'away', 'xa', 'dnd', 'offline'];

/** A presence in words, in main's current language. */
export function presenceLabel(show: TrayShow): string {
  const labels: Record<TrayShow, string> = {
    available: t('Available'),
    away: t('Away'),
    xa: t('Not available'),
    dnd: t('Do not disturb'),
    offline: t('Offline'),
  };
  return labels[show];
}

export interface TrayState {
  report: DesktopReport;
  windowVisible: boolean;
}

export interface TrayActions {
  setPresence(show: TrayShow): void;
  openChat(chat: DesktopChatRef): void;
  toggleWindow(): void;
  quit(): void;
}

/** A label shown as it is: '&' would otherwise mark a Windows menu accelerator. */
function literal(text: string): string {
  return text.replace(/&/gu, '&&');
}

/**
 * The tray icon's menu: the unread conversations (a click opens one), the presence for all
 * accounts, show or hide the window, and quit (which really quits, even with close-to-tray).
 */
export function trayMenuTemplate(
  state: TrayState,
  actions: TrayActions,
): MenuItemConstructorOptions[] {
  const { report } = state;
  const chats: MenuItemConstructorOptions[] = report.chats.map((chat) => ({
    label: literal(t('{{name}} ({{unread}})', { name: chat.name, unread: chat.unread })),
    click: () => actions.openChat({ accountId: chat.accountId, peer: chat.peer }),
  }));
  const presence: MenuItemConstructorOptions[] = SHOWS.map((show) => ({
    label: presenceLabel(show),
    type: 'radio',
    checked: report.presence === show,
    click: () => actions.setPresence(show),
  }));
  return [
    ...(chats.length > 0 ? [...chats, { type: 'separator' } as const] : []),
    ...presence,
    { type: 'separator' },
    {
      label: state.windowVisible ? t('Hide Parley') : t('Show Parley'),
      click: () => actions.toggleWindow(),
    },
    { type: 'separator' },
    { label: t('Quit Parley'), click: () => actions.quit() },
  ];
}
