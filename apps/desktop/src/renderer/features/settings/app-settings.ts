import {
  parseSettingValue,
  type ParleyClient,
  type SettingEntry,
  type SettingKey,
} from '@parley/contract';
import { errorText } from '../../app/client';
import { forgetLinkPreviews } from '../links/LinkPreviewCard';
import { useUi } from '../ui/store';
import { usePrefs, type PrefKey, type Prefs } from './prefs-store';
import { applyTheme } from './theme';
import { applyLanguage, languageReady } from '../../i18n';

const pref =
  <K extends PrefKey>(key: K) =>
  (value: unknown) =>
    usePrefs.getState().setPref(key, value as Prefs[K]);

/**
 * App-wide preferences that many components read at once (every message body reads the
 * styling switch), mirrored into the ui and prefs stores: read once from the backend, kept
 * current by settings.changed. Components that change one go through useSetting (which saves it).
 */
const mirrored: Partial<Record<SettingKey, (value: unknown) => void>> = {
  messageStyling: (value) => useUi.getState().setMessageStyling(value as boolean),
  theme: (value) => {
    pref('theme')(value);
    applyTheme(usePrefs.getState().theme);
  },
  language: (value) => {
    pref('language')(value);
    applyLanguage(usePrefs.getState().language);
  },
  sendOnEnter: pref('sendOnEnter'),
  notifications: pref('notifications'),
  notificationSound: pref('notificationSound'),
  notificationText: pref('notificationText'),
  callsRelayOnly: pref('callsRelayOnly'),
  linkPreviews: (value) => {
    // Cards asked for under the old choice (answered "none") are asked again.
    forgetLinkPreviews();
    pref('linkPreviews')(value);
  },
};

function apply(entry: SettingEntry): void {
  if (entry.accountId !== null) return;
  const set = mirrored[entry.key];
  const parsed = parseSettingValue(entry.key, entry.value);
  if (set && parsed.ok) set(parsed.value);
}

/** Subscribe the mirrored settings; returns the unsubscribe. */
export function wireAppSettings(client: ParleyClient): () => void {
  // The system's colours until the stored choice is read.
  applyTheme(usePrefs.getState().theme);
  applyLanguage(usePrefs.getState().language);
  return client.on('settings.changed', apply);
}

/** Read the mirrored settings (at start and after every reconnect to the backend). */
export async function loadAppSettings(client: ParleyClient): Promise<void> {
  const keys = Object.keys(mirrored) as SettingKey[];
  await Promise.all(
    keys.map((key) =>
      client
        .call('settings.get', { key, accountId: null })
        .then(apply)
        .catch((e: unknown) => console.warn('settings.get', key, errorText(e))),
    ),
  );
  // A language other than English comes in its own chunk: the app shows once it is in, so the
  // first screen is not drawn in English and then again translated.
  await languageReady();
}
