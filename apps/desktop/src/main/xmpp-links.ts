import { app, type BrowserWindow } from 'electron';
import { xmppUriFromArgv } from './argv-link.js';

/**
 * Parley as the system's handler of xmpp: links (RFC 5122). One instance only: a link opened
 * while Parley runs reaches the running one (second-instance on Windows and Linux, open-url on
 * macOS), which brings its window forward. False when another instance already runs: this one
 * has handed its link over and must quit.
 */
export function handleXmppLinks(
  onLink: (uri: string) => void,
  window: () => BrowserWindow | null,
): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  // Only a packaged app: in development it would register the bare Electron binary.
  if (app.isPackaged) app.setAsDefaultProtocolClient('xmpp');
  app.on('open-url', (event, url) => {
    event.preventDefault();
    onLink(url);
  });
  app.on('second-instance', (_event, argv) => {
    const uri = xmppUriFromArgv(argv);
    if (uri) onLink(uri);
    const shown = window();
    if (shown) {
      if (shown.isMinimized()) shown.restore();
      // Hidden in the tray (close to tray, start minimised): bring it back.
      if (!shown.isVisible()) shown.show();
      shown.focus();
    }
  });
  const initial = xmppUriFromArgv(process.argv);
  if (initial) onLink(initial);
  return true;
}
