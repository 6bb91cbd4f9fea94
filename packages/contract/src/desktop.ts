// The desktop shell's own channel between the renderer and Electron main (tray, badge,
// attention, desktop settings). It is not the backend's contract: main answers it itself. Main
// validates everything the renderer sends (the renderer is untrusted), and the renderer
// validates what main sends, with these schemas.
import { z } from 'zod';
import { accountId, jidText } from './ids.js';

export { desktopChannels } from './desktop-channels.js';

/** Hunspell-style language codes as Chromium names them: en-US, de-DE, pt-BR, fr, ... */
export const spellLanguage = z
  .string()
  .regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?$/u, 'not a language code');

export const MAX_SPELL_LANGUAGES = 5;

export const spellCheckSettings = z.object({
  /** On only by the user's choice: on Windows and Linux that downloads dictionaries. */
  enabled: z.boolean(),
  languages: z.array(spellLanguage).max(MAX_SPELL_LANGUAGES),
});

export const chatRef = z.object({ accountId, peer: jidText });
export type DesktopChatRef = z.infer<typeof chatRef>;

/** The desktop settings the renderer may see and change (window bounds stay in main). */
export const desktopPrefs = z.object({
  closeToTray: z.boolean(),
  startMinimised: z.boolean(),
  startAtLogin: z.boolean(),
  spellCheck: spellCheckSettings,
  lastConversation: chatRef.nullable(),
  /** Look for updates now and then (where Parley updates itself: see DesktopView.updates). */
  autoUpdate: z.boolean(),
});
export type DesktopPrefs = z.infer<typeof desktopPrefs>;

/** A change: any of the fields, nothing else (unknown keys are refused, not dropped). */
export const desktopPrefsPatch = z
  .object({
    closeToTray: z.boolean(),
    startMinimised: z.boolean(),
    startAtLogin: z.boolean(),
    spellCheck: spellCheckSettings,
    lastConversation: chatRef.nullable(),
    autoUpdate: z.boolean(),
  })
  .partial()
  .strict();
export type DesktopPrefsPatch = z.infer<typeof desktopPrefsPatch>;

export const updateManager = z.enum(['parley', 'system', 'none']);
export type UpdateManager = z.infer<typeof updateManager>;

/** What the Desktop settings section shows: the settings and what this system can do. */
export const desktopView = z.object({
  prefs: desktopPrefs,
  platform: z.enum(['darwin', 'win32', 'linux', 'other']),
  /** Whether spell checking downloads dictionaries from Google's CDN here (Windows, Linux). */
  spellCheckDownloads: z.boolean(),
  /** The languages the spell checker knows (empty where the OS chooses, on macOS). */
  spellLanguages: z.array(spellLanguage).max(500),
  /**
   * Who updates this copy: parley (its own updater: the autoUpdate setting applies), system
   * (a deb, rpm, Flatpak or Snap: the system that installed it), none (a development or
   * portable build, or a build without a signed feed). Absent from older mains: none.
   */
  updates: updateManager.optional(),
});
export type DesktopView = z.infer<typeof desktopView>;

/**
 * The interface languages with a complete translation (the renderer's i18n LANGUAGES): the
 * renderer tells main which one it shows, so the tray, menus and dialogs speak it too.
 */
export const uiLanguage = z.enum(['en', 'de', 'ar']);
export type UiLanguage = z.infer<typeof uiLanguage>;

export const trayShow = z.enum(['available', 'away', 'xa', 'dnd', 'offline']);
export type TrayShow = z.infer<typeof trayShow>;

export const MAX_UNREAD = 1_000_000;
export const MAX_REPORTED_CHATS = 5;

const count = z.number().int().min(0).max(MAX_UNREAD);

/** The renderer's state the tray and badge show. */
export const desktopReport = z.object({
  unread: count,
  mentions: count,
  presence: trayShow,
  /** The conversations with unread messages, most recent first, for the tray menu. */
  chats: z
    .array(chatRef.extend({ name: z.string().min(1).max(100), unread: count }))
    .max(MAX_REPORTED_CHATS),
});
export type DesktopReport = z.infer<typeof desktopReport>;

const callId = z.string().min(1).max(128);

export const desktopAction = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('presence'), show: trayShow }),
  z.object({ kind: z.literal('open'), chat: chatRef }),
  /** Answer (audio only: no camera turns on from a notification) or Decline, on a call notice. */
  z.object({ kind: z.literal('call'), accountId, callId, answer: z.boolean() }),
]);
export type DesktopAction = z.infer<typeof desktopAction>;

const coordinate = z.number().int().min(-100_000).max(100_000);
const length = z.number().int().min(1).max(100_000);

/** The main window's place, kept by main only (the renderer never sees or sets it). */
export const windowBounds = z.object({
  x: coordinate,
  y: coordinate,
  width: length,
  height: length,
  maximised: z.boolean(),
});
export type WindowBounds = z.infer<typeof windowBounds>;

export interface DesktopSettings extends DesktopPrefs {
  window: WindowBounds | null;
}

export function defaultDesktopSettings(): DesktopSettings {
  return {
    closeToTray: false,
    startMinimised: false,
    startAtLogin: false,
    // Off until the user turns it on: on Windows and Linux it downloads dictionaries.
    spellCheck: { enabled: false, languages: [] },
    window: null,
    lastConversation: null,
    // On, as electron-updater's users expect; only where Parley updates itself at all.
    autoUpdate: true,
  };
}

/**
 * The settings file's shape. Each field falls back to its default on its own (`catch`), so
 * one bad or missing value does not cost the others; unknown keys are dropped.
 */
export function desktopSettingsFile() {
  const d = defaultDesktopSettings();
  return z.object({
    closeToTray: z.boolean().catch(d.closeToTray),
    startMinimised: z.boolean().catch(d.startMinimised),
    startAtLogin: z.boolean().catch(d.startAtLogin),
    spellCheck: spellCheckSettings.catch(d.spellCheck),
    window: windowBounds.nullable().catch(d.window),
    lastConversation: chatRef.nullable().catch(d.lastConversation),
    autoUpdate: z.boolean().catch(d.autoUpdate),
  });
}

/** Longest path main's open dialog is asked to start at (Linux's PATH_MAX). */
export const MAX_DIALOG_PATH = 4096;

/**
 * "/sendfile PATH": the path the user typed, for main's open dialog to start at. The renderer
 * never reads it; main only shows the dialog there and grants what the user then confirms.
 */
export const pickFilesAtRequest = z.object({
  path: z
    .string()
    .trim()
    .min(1)
    .max(MAX_DIALOG_PATH)
    .refine((p) => !p.includes('\0'), 'not a path'),
});
export type PickFilesAtRequest = z.infer<typeof pickFilesAtRequest>;

/**
 * Renderer → main: the devices a call the user started or accepted uses (main's permission
 * handler lets getUserMedia reach them then, and only then); null when no call runs.
 */
export const callMediaGrant = z.object({
  media: z
    .array(z.enum(['audio', 'video']))
    .min(1)
    .max(2),
});
export type CallMediaGrant = z.infer<typeof callMediaGrant>;

/**
 * Renderer → main: a call ringing here, for a system notification with Answer and Decline that
 * works while the window is hidden in the tray (buttons where the system shows them: macOS,
 * Windows; elsewhere a click brings the window and its dialog). null: it stopped ringing.
 */
export const callNotice = z.object({
  accountId,
  callId,
  title: z.string().min(1).max(200),
  body: z.string().max(500),
  answer: z.string().min(1).max(60),
  decline: z.string().min(1).max(60),
});
export type CallNotice = z.infer<typeof callNotice>;

/** Thumbnails are small PNGs as data URLs (nativeImage.toDataURL); bigger ones are refused. */
const MAX_THUMBNAIL = 256 * 1024;

/** A screen or window the user may share (Electron's desktopCapturer source). */
export const screenSource = z.object({
  /** desktopCapturer's id: `screen:<n>:<n>` or `window:<n>:<n>`. */
  id: z
    .string()
    .max(128)
    .regex(/^(screen|window):[0-9A-Za-z:_-]+$/u),
  name: z.string().max(512),
  kind: z.enum(['screen', 'window']),
  /** A PNG data URL, or null when the system gave none. */
  thumbnail: z
    .string()
    .max(MAX_THUMBNAIL)
    .regex(/^data:image\/png;base64,[A-Za-z0-9+/=]*$/u)
    .nullable(),
});
export type ScreenSource = z.infer<typeof screenSource>;

/**
 * Main → renderer: the page asked to share a screen (getDisplayMedia) during a call; the user
 * picks one of these, or none. `requestId` ties the answer to this request.
 */
export const screenSources = z.object({
  requestId: z.string().regex(/^[0-9]{1,12}$/u),
  sources: z.array(screenSource).max(64),
});
export type ScreenSources = z.infer<typeof screenSources>;

/** Renderer → main: the source the user picked for a request, or null (cancelled). */
export const screenChoice = z.object({
  requestId: screenSources.shape.requestId,
  sourceId: screenSource.shape.id.nullable(),
});
export type ScreenChoice = z.infer<typeof screenChoice>;
