import { create } from 'zustand';
import type { LinkStatus } from '../../app/ws-transport';

export type SidebarTab = 'chats' | 'contacts';

export interface ChatRef {
  accountId: string;
  peer: string;
}

interface UiState {
  /** The account whose roster and presence the sidebar shows. */
  activeAccountId: string | null;
  tab: SidebarTab;
  openChat: ChatRef | null;
  link: LinkStatus;
  accountsDialogOpen: boolean;
  /** Certificates the user chose not to trust this session, by fingerprint, per account. */
  dismissedCertificates: Record<string, string>;
  /** Whether the window can be seen (for marking conversations read). */
  visible: boolean;
  /** Show XEP-0393 message styling (*bold*, _italic_, quotes, code); read through useMessageStyling. */
  messageStyling: boolean;
  setActiveAccount(id: string | null): void;
  setTab(tab: SidebarTab): void;
  setOpenChat(chat: ChatRef | null): void;
  setLink(status: LinkStatus): void;
  setAccountsDialogOpen(open: boolean): void;
  dismissCertificate(accountId: string, fingerprint: string): void;
  undismissCertificate(accountId: string): void;
  setVisible(visible: boolean): void;
  setMessageStyling(on: boolean): void;
}

export const useUi = create<UiState>()((set) => ({
  activeAccountId: null,
  tab: 'chats',
  openChat: null,
  link: 'connecting',
  accountsDialogOpen: false,
  dismissedCertificates: {},
  visible: true,
  messageStyling: true,
  setActiveAccount: (id) => set({ activeAccountId: id }),
  setTab: (tab) => set({ tab }),
  setOpenChat: (chat) => set({ openChat: chat }),
  setLink: (link) => set({ link }),
  setAccountsDialogOpen: (open) => set({ accountsDialogOpen: open }),
  dismissCertificate: (accountId, fingerprint) =>
    set((s) => ({
      dismissedCertificates: { ...s.dismissedCertificates, [accountId]: fingerprint },
    })),
  undismissCertificate: (accountId) =>
    set((s) => {
      const next = { ...s.dismissedCertificates };
      delete next[accountId];
      return { dismissedCertificates: next };
    }),
  setVisible: (visible) => set({ visible }),
  setMessageStyling: (on) => set({ messageStyling: on }),
}));

/** Key of a conversation across accounts. */
export function chatKey(accountId: string, peer: string): string {
  return `${accountId}\u0000${peer}`;
}

export function sameChat(a: ChatRef | null, accountId: string, peer: string): boolean {
  return a !== null && a.accountId === accountId && a.peer === peer;
}
