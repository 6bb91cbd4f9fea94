// Every translation, bundled: the renderer's CSP allows no fetches of its own code, and a
// few hundred KB of JSON costs less than a loading state. One file per language and feature
// (`locales/<lang>/<feature>.json`), written by `pnpm i18n:extract` for English and by
// translators for the others (docs/translating.md).
import type { Resource } from 'i18next';
import enCommon from './locales/en/common.json';
import enAccounts from './locales/en/accounts.json';
import enAvatars from './locales/en/avatars.json';
import enBackend from './locales/en/backend.json';
import enBlocking from './locales/en/blocking.json';
import enChat from './locales/en/chat.json';
import enCommands from './locales/en/commands.json';
import enConversations from './locales/en/conversations.json';
import enDesktop from './locales/en/desktop.json';
import enEmoji from './locales/en/emoji.json';
import enFiles from './locales/en/files.json';
import enInvites from './locales/en/invites.json';
import enLinks from './locales/en/links.json';
import enNotifications from './locales/en/notifications.json';
import enOmemo from './locales/en/omemo.json';
import enPeople from './locales/en/people.json';
import enRooms from './locales/en/rooms.json';
import enRoster from './locales/en/roster.json';
import enSearch from './locales/en/search.json';
import enServerTools from './locales/en/server-tools.json';
import enSettings from './locales/en/settings.json';
import enShortcuts from './locales/en/shortcuts.json';
import deCommon from './locales/de/common.json';
import deAccounts from './locales/de/accounts.json';
import deAvatars from './locales/de/avatars.json';
import deBackend from './locales/de/backend.json';
import deBlocking from './locales/de/blocking.json';
import deChat from './locales/de/chat.json';
import deCommands from './locales/de/commands.json';
import deConversations from './locales/de/conversations.json';
import deDesktop from './locales/de/desktop.json';
import deEmoji from './locales/de/emoji.json';
import deFiles from './locales/de/files.json';
import deInvites from './locales/de/invites.json';
import deLinks from './locales/de/links.json';
import deNotifications from './locales/de/notifications.json';
import deOmemo from './locales/de/omemo.json';
import dePeople from './locales/de/people.json';
import deRooms from './locales/de/rooms.json';
import deRoster from './locales/de/roster.json';
import deSearch from './locales/de/search.json';
import deServerTools from './locales/de/server-tools.json';
import deSettings from './locales/de/settings.json';
import deShortcuts from './locales/de/shortcuts.json';
import arCommon from './locales/ar/common.json';
import arAccounts from './locales/ar/accounts.json';
import arAvatars from './locales/ar/avatars.json';
import arBackend from './locales/ar/backend.json';
import arBlocking from './locales/ar/blocking.json';
import arChat from './locales/ar/chat.json';
import arCommands from './locales/ar/commands.json';
import arConversations from './locales/ar/conversations.json';
import arDesktop from './locales/ar/desktop.json';
import arEmoji from './locales/ar/emoji.json';
import arFiles from './locales/ar/files.json';
import arInvites from './locales/ar/invites.json';
import arLinks from './locales/ar/links.json';
import arNotifications from './locales/ar/notifications.json';
import arOmemo from './locales/ar/omemo.json';
import arPeople from './locales/ar/people.json';
import arRooms from './locales/ar/rooms.json';
import arRoster from './locales/ar/roster.json';
import arSearch from './locales/ar/search.json';
import arServerTools from './locales/ar/server-tools.json';
import arSettings from './locales/ar/settings.json';
import arShortcuts from './locales/ar/shortcuts.json';

/** The feature namespaces, one per renderer area; `common` holds app/ and ui/. */
export const NAMESPACES = [
  'common',
  'accounts',
  'avatars',
  /** Texts the backend sends as ids (backend-texts.ts). */
  'backend',
  'blocking',
  'chat',
  'commands',
  'conversations',
  'desktop',
  'emoji',
  'files',
  'invites',
  'links',
  'notifications',
  'omemo',
  'people',
  'rooms',
  'roster',
  'search',
  'server-tools',
  'settings',
  'shortcuts',
] as const;
export type Namespace = (typeof NAMESPACES)[number];

export const resources: Resource = {
  en: {
    common: enCommon,
    accounts: enAccounts,
    avatars: enAvatars,
    backend: enBackend,
    blocking: enBlocking,
    chat: enChat,
    commands: enCommands,
    conversations: enConversations,
    desktop: enDesktop,
    emoji: enEmoji,
    files: enFiles,
    invites: enInvites,
    links: enLinks,
    notifications: enNotifications,
    omemo: enOmemo,
    people: enPeople,
    rooms: enRooms,
    roster: enRoster,
    search: enSearch,
    'server-tools': enServerTools,
    settings: enSettings,
    shortcuts: enShortcuts,
  },
  de: {
    common: deCommon,
    accounts: deAccounts,
    avatars: deAvatars,
    backend: deBackend,
    blocking: deBlocking,
    chat: deChat,
    commands: deCommands,
    conversations: deConversations,
    desktop: deDesktop,
    emoji: deEmoji,
    files: deFiles,
    invites: deInvites,
    links: deLinks,
    notifications: deNotifications,
    omemo: deOmemo,
    people: dePeople,
    rooms: deRooms,
    roster: deRoster,
    search: deSearch,
    'server-tools': deServerTools,
    settings: deSettings,
    shortcuts: deShortcuts,
  },
  ar: {
    common: arCommon,
    accounts: arAccounts,
    avatars: arAvatars,
    backend: arBackend,
    blocking: arBlocking,
    chat: arChat,
    commands: arCommands,
    conversations: arConversations,
    desktop: arDesktop,
    emoji: arEmoji,
    files: arFiles,
    invites: arInvites,
    links: arLinks,
    notifications: arNotifications,
    omemo: arOmemo,
    people: arPeople,
    rooms: arRooms,
    roster: arRoster,
    search: arSearch,
    'server-tools': arServerTools,
    settings: arSettings,
    shortcuts: arShortcuts,
  },
};
