import { shell, type BrowserWindow, type Session } from 'electron';
import { isExternalWebUrl } from './external-url.js';
import { contentSecurityPolicy } from './csp.js';
import { isAllowedPermission } from './permissions.js';

export function hardenSession(session: Session): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [contentSecurityPolicy],
      },
    });
  });
  // Notifications only (new messages, mentions): no camera, microphone, geolocation, ...
  session.setPermissionRequestHandler((_wc, permission, callback) =>
    callback(isAllowedPermission(permission)),
  );
  session.setPermissionCheckHandler((_wc, permission) => isAllowedPermission(permission));
}

export function hardenWindow(window: BrowserWindow): void {
  const contents = window.webContents;
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalWebUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (url !== contents.getURL()) {
      event.preventDefault();
      if (isExternalWebUrl(url)) void shell.openExternal(url);
    }
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
