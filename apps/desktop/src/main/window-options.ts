import type { MenuItemConstructorOptions, WebPreferences } from 'electron';

/**
 * The web preferences of every Parley window: isolated, sandboxed, no Node, and developer tools
 * only in development (in a packaged app they would let anyone at the keyboard call the
 * preload's whole API, the store included).
 */
export function secureWebPreferences(preload: string, isPackaged: boolean): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    devTools: !isPackaged,
    spellcheck: true,
  };
}

const DEVELOPER_ROLES = new Set(['toggleDevTools', 'reload', 'forceReload']);

/**
 * The application menu: editing (so copy, paste and undo keep their shortcuts), window and, on
 * macOS, the app menu. Reload and the developer tools only in development.
 */
export function appMenuTemplate(
  isPackaged: boolean,
  platform: NodeJS.Platform,
): MenuItemConstructorOptions[] {
  const view: MenuItemConstructorOptions[] = [
    { role: 'reload' },
    { role: 'forceReload' },
    { role: 'toggleDevTools' },
    { type: 'separator' },
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  const template: MenuItemConstructorOptions[] = [
    ...(platform === 'darwin' ? [{ role: 'appMenu' } as const] : []),
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: isPackaged
        ? view.filter((item) => !item.role || !DEVELOPER_ROLES.has(item.role))
        : view,
    },
    { role: 'windowMenu' },
  ];
  if (platform !== 'darwin') template.unshift({ role: 'fileMenu' });
  return template;
}

/** Every role a menu template reaches, submenus included (for tests and checks). */
export function menuRoles(template: MenuItemConstructorOptions[]): string[] {
  return template.flatMap((item) => [
    ...(item.role ? [item.role] : []),
    ...(Array.isArray(item.submenu) ? menuRoles(item.submenu) : []),
  ]);
}
