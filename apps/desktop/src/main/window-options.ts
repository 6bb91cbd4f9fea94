import type { MenuItemConstructorOptions, WebPreferences } from 'electron';
import { tFor } from './i18n.js';

const t = tFor('desktop');

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

type Role = NonNullable<MenuItemConstructorOptions['role']>;

/**
 * Electron's own role labels are English on Windows and Linux: every item gets its label in
 * the interface's language (a role keeps its behaviour and shortcut; with a submenu given,
 * Electron uses it instead of its English default).
 */
function roleLabel(role: Role): string | undefined {
  const labels: Partial<Record<Role, string>> = {
    undo: t('Undo'),
    redo: t('Redo'),
    cut: t('Cut'),
    copy: t('Copy'),
    paste: t('Paste'),
    pasteAndMatchStyle: t('Paste and Match Style'),
    delete: t('Delete'),
    selectAll: t('Select All'),
    reload: t('Reload'),
    forceReload: t('Force Reload'),
    toggleDevTools: t('Toggle Developer Tools'),
    resetZoom: t('Actual Size'),
    zoomIn: t('Zoom In'),
    zoomOut: t('Zoom Out'),
    togglefullscreen: t('Toggle Full Screen'),
    minimize: t('Minimize'),
    zoom: t('Zoom'),
    close: t('Close Window'),
    front: t('Bring All to Front'),
    quit: t('Quit Parley'),
    about: t('About Parley'),
    hide: t('Hide Parley'),
    hideOthers: t('Hide Others'),
    unhide: t('Show All'),
    services: t('Services'),
  };
  return labels[role];
}

function item(role: Role): MenuItemConstructorOptions {
  const label = roleLabel(role);
  return label === undefined ? { role } : { role, label };
}

/**
 * The application menu: editing (so copy, paste and undo keep their shortcuts), window and, on
 * macOS, the app menu. Reload and the developer tools only in development.
 */
export function appMenuTemplate(
  isPackaged: boolean,
  platform: NodeJS.Platform,
): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const separator: MenuItemConstructorOptions = { type: 'separator' };
  const view: MenuItemConstructorOptions[] = [
    item('reload'),
    item('forceReload'),
    item('toggleDevTools'),
    separator,
    item('resetZoom'),
    item('zoomIn'),
    item('zoomOut'),
    separator,
    item('togglefullscreen'),
  ];
  const edit = [
    item('undo'),
    item('redo'),
    separator,
    item('cut'),
    item('copy'),
    item('paste'),
    ...(mac ? [item('pasteAndMatchStyle')] : []),
    item('delete'),
    separator,
    item('selectAll'),
  ];
  const windowItems = mac
    ? [item('minimize'), item('zoom'), separator, item('front')]
    : [item('minimize'), item('close')];
  const appMenu: MenuItemConstructorOptions = {
    role: 'appMenu',
    label: 'Parley',
    submenu: [
      item('about'),
      separator,
      item('services'),
      separator,
      item('hide'),
      item('hideOthers'),
      item('unhide'),
      separator,
      item('quit'),
    ],
  };
  const template: MenuItemConstructorOptions[] = [
    ...(mac ? [appMenu] : []),
    { role: 'editMenu', label: t('Edit'), submenu: edit },
    {
      label: t('View'),
      submenu: isPackaged
        ? view.filter((entry) => !entry.role || !DEVELOPER_ROLES.has(entry.role))
        : view,
    },
    { role: 'windowMenu', label: t('Window'), submenu: windowItems },
  ];
  if (!mac) template.unshift({ role: 'fileMenu', label: t('File'), submenu: [item('quit')] });
  return template;
}

/** Every role a menu template reaches, submenus included (for tests and checks). */
export function menuRoles(template: MenuItemConstructorOptions[]): string[] {
  return template.flatMap((item) => [
    ...(item.role ? [item.role] : []),
    ...(Array.isArray(item.submenu) ? menuRoles(item.submenu) : []),
  ]);
}
