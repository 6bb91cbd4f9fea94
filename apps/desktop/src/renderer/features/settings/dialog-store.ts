import { create } from 'zustand';

/** The sections in order; `label` is the English name (the dialog shows it translated). */
export const SECTIONS = [
  { id: 'general', label: 'General' },
  { id: 'notifications', label: 'Notifications' },
  { id: 'files', label: 'Files' },
  { id: 'chats', label: 'Chats' },
  { id: 'encryption', label: 'Encryption' },
  // Only in the desktop app (see visibleSections).
  { id: 'desktop', label: 'Desktop' },
  { id: 'accounts', label: 'Accounts' },
] as const;

export type SectionId = (typeof SECTIONS)[number]['id'];

/** The sections this build has: Desktop only where Electron's desktop bridge is. */
export function visibleSections(hasDesktop: boolean): (typeof SECTIONS)[number][] {
  return SECTIONS.filter((s) => s.id !== 'desktop' || hasDesktop);
}

interface SettingsDialogState {
  open: boolean;
  section: SectionId;
  show(section?: SectionId): void;
  close(): void;
  setSection(section: SectionId): void;
}

/** Whether the app settings dialog is open, and on which section. */
export const useSettingsDialog = create<SettingsDialogState>()((set) => ({
  open: false,
  section: 'general',
  show: (section) => set((s) => ({ open: true, section: section ?? s.section })),
  close: () => set({ open: false }),
  setSection: (section) => set({ section }),
}));
