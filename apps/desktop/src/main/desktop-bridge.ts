import {
  callMediaGrant,
  callNotice,
  type CallNotice,
  desktopAction,
  desktopChannels,
  desktopReport,
  type CallMediaGrant,
  type DesktopAction,
  type DesktopReport,
  type DesktopView,
  type UiLanguage,
  uiLanguage,
} from '@parley/contract';

/** The part of a WebContents the bridge uses (a seam for tests). */
export interface BridgeContents {
  readonly mainFrame: unknown;
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
}

export interface BridgeEvent {
  sender: unknown;
  senderFrame: unknown;
}

/** The part of ipcMain the bridge uses. */
export interface BridgeIpc {
  handle(channel: string, listener: (event: BridgeEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
  on(channel: string, listener: (event: BridgeEvent, ...args: unknown[]) => void): void;
  removeListener(channel: string, listener: (...args: never[]) => void): void;
}

export type SetPrefsResult = { ok: true; view: DesktopView } | { ok: false; message: string };

export interface DesktopHandlers {
  view(): DesktopView;
  /** The payload as the renderer sent it: checked by the handler before anything changes. */
  setPrefs(patch: unknown): Promise<SetPrefsResult>;
  report(report: DesktopReport): void;
  mention(): void;
  /** Bring the window to the front, from the tray if it is hidden there. */
  show(): void;
  /** The language the renderer shows (already checked: one of the supported codes). */
  setLanguage(language: UiLanguage): void;
  /** A call's devices (checked), or null once it ended. */
  callMedia(grant: CallMediaGrant | null): void;
  /** A call ringing here (checked), or null once it stopped. */
  callNotice(notice: CallNotice | null): void;
}

/** A renderer's report, or null when it is not one (wrong shape, numbers out of bounds). */
export function parseReport(payload: unknown): DesktopReport | null {
  const parsed = desktopReport.safeParse(payload);
  return parsed.success ? parsed.data : null;
}

/** A renderer's language, or null when it is not one of the supported codes. */
export function parseLanguage(payload: unknown): UiLanguage | null {
  const parsed = uiLanguage.safeParse(payload);
  return parsed.success ? parsed.data : null;
}

/** Whether an IPC message comes from this window's top frame (the only sender main hears). */
export function fromWindow(contents: BridgeContents): (event: BridgeEvent) => boolean {
  return (event) => event.sender === contents && event.senderFrame === contents.mainFrame;
}

/**
 * Binds the desktop channels for one window. Only that window's top frame is heard; anything
 * else, and any payload that is not what the contract says, is dropped (the renderer is
 * untrusted: it can only ask for what these handlers allow).
 */
export function bindDesktopBridge(
  ipc: BridgeIpc,
  contents: BridgeContents,
  handlers: DesktopHandlers,
): () => void {
  const allowed = fromWindow(contents);
  ipc.handle(desktopChannels.getSettings, (event) => (allowed(event) ? handlers.view() : null));
  ipc.handle(desktopChannels.setSettings, (event, patch) =>
    allowed(event)
      ? handlers.setPrefs(patch)
      : Promise.resolve({ ok: false, message: 'Caller not allowed' }),
  );
  const onReport = (event: BridgeEvent, payload: unknown) => {
    if (!allowed(event)) return;
    const report = parseReport(payload);
    if (report) handlers.report(report);
  };
  const onMention = (event: BridgeEvent) => {
    if (allowed(event)) handlers.mention();
  };
  const onShow = (event: BridgeEvent) => {
    if (allowed(event)) handlers.show();
  };
  const onCallMedia = (event: BridgeEvent, payload: unknown) => {
    if (!allowed(event)) return;
    if (payload === null) return handlers.callMedia(null);
    const grant = callMediaGrant.safeParse(payload);
    if (grant.success) handlers.callMedia(grant.data);
  };
  const onCallNotice = (event: BridgeEvent, payload: unknown) => {
    if (!allowed(event)) return;
    if (payload === null) return handlers.callNotice(null);
    const notice = callNotice.safeParse(payload);
    if (notice.success) handlers.callNotice(notice.data);
  };
  const onLanguage = (event: BridgeEvent, payload: unknown) => {
    if (!allowed(event)) return;
    const language = parseLanguage(payload);
    if (language) handlers.setLanguage(language);
  };
  ipc.on(desktopChannels.report, onReport);
  ipc.on(desktopChannels.setLanguage, onLanguage);
  ipc.on(desktopChannels.mention, onMention);
  ipc.on(desktopChannels.show, onShow);
  ipc.on(desktopChannels.callMedia, onCallMedia);
  ipc.on(desktopChannels.callNotice, onCallNotice);
  return () => {
    ipc.removeHandler(desktopChannels.getSettings);
    ipc.removeHandler(desktopChannels.setSettings);
    ipc.removeListener(desktopChannels.report, onReport);
    ipc.removeListener(desktopChannels.setLanguage, onLanguage);
    ipc.removeListener(desktopChannels.mention, onMention);
    ipc.removeListener(desktopChannels.show, onShow);
    ipc.removeListener(desktopChannels.callMedia, onCallMedia);
    ipc.removeListener(desktopChannels.callNotice, onCallNotice);
  };
}

/** Sends a tray action to the renderer, checked against the contract like everything else. */
export function sendAction(contents: BridgeContents, action: DesktopAction): boolean {
  const parsed = desktopAction.safeParse(action);
  if (!parsed.success || contents.isDestroyed()) return false;
  contents.send(desktopChannels.action, parsed.data);
  return true;
}
