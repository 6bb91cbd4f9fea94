import type { MenuItemConstructorOptions } from 'electron';
import type { DesktopChatRef, DesktopReport, TrayShow } from '@parley/contract';

export const PRESENCE_LABELS: Record<TrayShow, string> = {
  available: 'Available',
  away: 'Away',
  xa: 'Not available',
  dnd: 'Do not disturb',
  offline: 'Offline',
};
const SHOWS = Object.keys(PRESENCE_LABELS) as TrayShow[];

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
    label: literal(`${chat.name} (${chat.unread})`),
    click: () => actions.openChat({ accountId: chat.accountId, peer: chat.peer }),
  }));
  const presence: MenuItemConstructorOptions[] = SHOWS.map((show) => ({
    label: PRESENCE_LABELS[show],
    type: 'radio',
    checked: report.presence === show,
    click: () => actions.setPresence(show),
  }));
  return [
    ...(chats.length > 0 ? [...chats, { type: 'separator' } as const] : []),
    ...presence,
    { type: 'separator' },
    {
      label: state.windowVisible ? 'Hide Parley' : 'Show Parley',
      click: () => actions.toggleWindow(),
    },
    { type: 'separator' },
    { label: 'Quit Parley', click: () => actions.quit() },
  ];
}
