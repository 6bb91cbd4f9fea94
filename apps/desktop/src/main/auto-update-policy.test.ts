import { describe, expect, it } from 'vitest';
import {
  installKind,
  updateManager,
  updatePolicy,
  type UpdatePolicyInput,
} from './auto-update-policy.js';

const packaged: UpdatePolicyInput = {
  platform: 'linux',
  env: { APPIMAGE: '/home/me/Parley.AppImage' },
  isPackaged: true,
  flatpakInfoExists: false,
  feedConfigured: true,
  publicKey: 'ab'.repeat(32),
  turnedOff: false,
};

describe('how Parley was installed', () => {
  it('tells AppImage, Flatpak, Snap and system packages apart on Linux', () => {
    expect(installKind(packaged)).toBe('appimage');
    expect(installKind({ ...packaged, env: { FLATPAK_ID: 'org.parley.desktop' } })).toBe('flatpak');
    expect(installKind({ ...packaged, env: {}, flatpakInfoExists: true })).toBe('flatpak');
    // An APPIMAGE leaked into a sandboxed copy's environment does not make it an AppImage.
    expect(installKind({ ...packaged, flatpakInfoExists: true })).toBe('flatpak');
    expect(installKind({ ...packaged, env: { SNAP: '/snap/parley/1' } })).toBe('snap');
    expect(installKind({ ...packaged, env: {} })).toBe('linux-package');
  });

  it('knows macOS, Windows (installed or portable) and development runs', () => {
    expect(installKind({ ...packaged, platform: 'darwin', env: {} })).toBe('mac');
    expect(installKind({ ...packaged, platform: 'win32', env: {} })).toBe('windows');
    expect(
      installKind({ ...packaged, platform: 'win32', env: { PORTABLE_EXECUTABLE_DIR: 'D:\\' } }),
    ).toBe('windows-portable');
    expect(installKind({ ...packaged, isPackaged: false })).toBe('development');
  });
});

describe('whether Parley updates itself', () => {
  it('does for an AppImage, a mac app and an installed Windows app with a signed feed', () => {
    expect(updatePolicy(packaged)).toEqual({ enabled: true, kind: 'appimage' });
    expect(updatePolicy({ ...packaged, platform: 'darwin', env: {} }).enabled).toBe(true);
    expect(updatePolicy({ ...packaged, platform: 'win32', env: {} }).enabled).toBe(true);
  });

  it('leaves deb, rpm, Flatpak and Snap copies to the system that installed them', () => {
    for (const env of [{}, { FLATPAK_ID: 'org.parley.desktop' }, { SNAP: '/snap/parley/1' }]) {
      const policy = updatePolicy({ ...packaged, env });
      expect(policy.enabled).toBe(false);
      expect(policy).toHaveProperty(
        'reason',
        expect.stringMatching(/package manager|Flatpak|Snap/),
      );
    }
  });

  it('stays off when turned off, without a feed or key, in development, or by environment', () => {
    expect(updatePolicy({ ...packaged, turnedOff: true })).toEqual({
      enabled: false,
      reason: 'automatic updates are turned off',
    });
    expect(updatePolicy({ ...packaged, feedConfigured: false }).enabled).toBe(false);
    expect(updatePolicy({ ...packaged, publicKey: null }).enabled).toBe(false);
    expect(updatePolicy({ ...packaged, isPackaged: false }).enabled).toBe(false);
    const env = { ...packaged.env, PARLEY_DISABLE_UPDATES: '1' };
    expect(updatePolicy({ ...packaged, env }).enabled).toBe(false);
  });
});

describe('who updates this copy (what the Desktop settings say)', () => {
  it('Parley for a signed AppImage, whatever the setting; the system for packages; else nobody', () => {
    expect(updateManager(packaged)).toBe('parley');
    expect(updateManager({ ...packaged, turnedOff: true } as UpdatePolicyInput)).toBe('parley');
    expect(updateManager({ ...packaged, env: {} })).toBe('system');
    expect(updateManager({ ...packaged, env: { FLATPAK_ID: 'im.parley.Parley' } })).toBe('system');
    expect(updateManager({ ...packaged, isPackaged: false })).toBe('none');
    expect(updateManager({ ...packaged, publicKey: null })).toBe('none');
  });
});
