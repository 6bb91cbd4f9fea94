import { shell, type BrowserWindow, type Session } from 'electron';
import { isExternalWebUrl } from './external-url.js';
import { contentSecurityPolicy } from './csp.js';
import { isAllowedPermission } from './permissions.js';
import { callMediaGate, type MediaRequestDetails } from './media-permission.js';

export function hardenSession(session: Session): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [contentSecurityPolicy],
      },
    });
  });
  // Notifications (new messages, mentions), and the camera and microphone only for a call the
  // user started or accepted (media-permission.ts): no geolocation, clipboard, ...
  session.setPermissionRequestHandler((_wc, permission, callback, details) =>
    callback(
      isAllowedPermission(permission) || callMediaGate.allows(permission, mediaRequest(details)),
    ),
  );
  session.setPermissionCheckHandler(
    (_wc, permission) => isAllowedPermission(permission) || callMediaGate.allows(permission),
  );
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

/** The media types of a getUserMedia request (Electron's details differ per permission). */
function mediaRequest(details: object): MediaRequestDetails {
  const types = (details as { mediaTypes?: unknown }).mediaTypes;
  return Array.isArray(types) ? { mediaTypes: types.map(String) } : {};
}
