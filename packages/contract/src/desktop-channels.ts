// The desktop shell's IPC channel names (no zod here: the preload ships only these).
export const desktopChannels = {
  /** Renderer → main (invoke): the desktop settings and what this platform offers. */
  getSettings: 'parley-desktop:get-settings',
  /** Renderer → main (invoke): a change to some desktop settings; answers the new view. */
  setSettings: 'parley-desktop:set-settings',
  /** Renderer → main (send): unread totals, presence and the unread conversations. */
  report: 'parley-desktop:report',
  /** Renderer → main (send): a message naming us arrived (attention if the window is away). */
  mention: 'parley-desktop:mention',
  /** Renderer → main (send): bring the window to the front (a notification was clicked). */
  show: 'parley-desktop:show',
  /** Renderer → main (send): the interface language the renderer resolved, for main's texts. */
  setLanguage: 'parley-desktop:set-language',
  /** Renderer → main (send): a call's devices (a CallMediaGrant), or null once it ended. */
  callMedia: 'parley-desktop:call-media',
  /** Renderer → main (send): a call ringing here (CallNotice), or null once it stopped. */
  callNotice: 'parley-desktop:call-notice',
  /** Main → renderer: screens and windows to pick from for a screen share (ScreenSources). */
  screenSources: 'parley-desktop:screen-sources',
  /** Renderer → main (send): the screen or window picked for it, or null (ScreenChoice). */
  screenChoice: 'parley-desktop:screen-choice',
  /** Main → renderer: something the user chose in the tray. */
  action: 'parley-desktop:action',
} as const;
