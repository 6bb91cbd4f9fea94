import { settingDefault, type SettingValue } from '@parley/contract';
import { create } from 'zustand';

/**
 * App-wide preferences the renderer acts on (theme, composer, notifications, link cards),
 * mirrored from the backend by app-settings.ts; the settings dialog changes them through
 * useSetting, which saves them, and settings.changed brings them here.
 */
export interface Prefs {
  theme: SettingValue<'theme'>;
  language: SettingValue<'language'>;
  sendOnEnter: boolean;
  notifications: boolean;
  notificationSound: boolean;
  notificationText: boolean;
  linkPreviews: boolean;
  callsRelayOnly: boolean;
}

export type PrefKey = keyof Prefs;

export function defaultPrefs(): Prefs {
  return {
    theme: settingDefault('theme'),
    language: settingDefault('language'),
    sendOnEnter: settingDefault('sendOnEnter'),
    notifications: settingDefault('notifications'),
    notificationSound: settingDefault('notificationSound'),
    notificationText: settingDefault('notificationText'),
    linkPreviews: settingDefault('linkPreviews'),
    callsRelayOnly: settingDefault('callsRelayOnly'),
  };
}

interface PrefsState extends Prefs {
  setPref<K extends PrefKey>(key: K, value: Prefs[K]): void;
}

export const usePrefs = create<PrefsState>()((set) => ({
  ...defaultPrefs(),
  setPref: (key, value) => set({ [key]: value } as Partial<Prefs>),
}));
