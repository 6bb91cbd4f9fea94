import { describe, expect, it } from 'vitest';
import { appMenuTemplate, menuRoles, secureWebPreferences } from './window-options.js';

describe('window security settings', () => {
  it('isolates and sandboxes every window; devtools only when not packaged', () => {
    const packaged = secureWebPreferences('/app/preload.cjs', true);
    expect(packaged).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      devTools: false,
    });
    expect(secureWebPreferences('/app/preload.cjs', false).devTools).toBe(true);
  });

  it('a packaged app has no developer tools or reload in its menu, on any platform', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const roles = menuRoles(appMenuTemplate(true, platform));
      expect(roles).not.toContain('toggleDevTools');
      expect(roles).not.toContain('reload');
      expect(roles).not.toContain('forceReload');
      expect(roles).toContain('editMenu');
    }
  });

  it('development keeps them', () => {
    expect(menuRoles(appMenuTemplate(false, 'linux'))).toContain('toggleDevTools');
  });
});
