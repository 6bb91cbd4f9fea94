import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  baseConfig,
  cannotPackage,
  releaseConfig,
  type BuildEnv,
  type Configuration,
} from '../../apps/desktop/electron-builder.config.js';

const root = resolve(import.meta.dirname, '../..');
const desktopRequire = createRequire(join(root, 'apps/desktop/package.json'));

type Target = string | { target: string; arch?: string[] };
const targets = (list: unknown): Target[] => (Array.isArray(list) ? (list as Target[]) : []);
const targetNames = (list: unknown): string[] =>
  targets(list).map((t) => (typeof t === 'string' ? t : t.target));

const unsigned: BuildEnv = {};
const publicKey = 'ab'.repeat(32);

/** electron-builder's own check of a configuration (the one `pnpm dist` runs first). */
async function validateWithBuilder(config: Configuration): Promise<void> {
  const builderDir = desktopRequire.resolve('electron-builder/package.json');
  const configModule = createRequire(builderDir).resolve('app-builder-lib/out/util/config/config');
  const { validateConfiguration } = (await import(configModule)) as {
    validateConfiguration(config: Configuration, logger: unknown): Promise<void>;
  };
  const { DebugLogger } = (await import(createRequire(builderDir).resolve('builder-util'))) as {
    DebugLogger: new (enabled: boolean) => unknown;
  };
  await validateConfiguration(config, new DebugLogger(false));
}

describe('installer targets', () => {
  const config = baseConfig();

  it('builds AppImage, deb and rpm on Linux, a universal dmg and zip on macOS, nsis on Windows', () => {
    expect(targetNames(config.linux?.target)).toEqual(['AppImage', 'deb', 'rpm']);
    const mac = targets(config.mac?.target);
    expect(targetNames(mac)).toEqual(['dmg', 'zip']);
    for (const t of mac) expect(typeof t === 'object' && t.arch).toEqual(['universal']);
    expect(targetNames(config.win?.target)).toEqual(['nsis']);
  });

  it('passes electron-builder’s own schema check, signed or not, with and without a feed', async () => {
    await validateWithBuilder(releaseConfig(config, unsigned).config);
    const signed = releaseConfig(config, {
      CSC_LINK: 'file.p12',
      APPLE_ID: 'a@example.org',
      APPLE_APP_SPECIFIC_PASSWORD: 'x',
      APPLE_TEAM_ID: 'T',
      PARLEY_UPDATE_URL: 'https://updates.example.org/parley',
      PARLEY_UPDATE_PUBLIC_KEY: publicKey,
    });
    await validateWithBuilder(signed.config);
    // The check bites: a misspelt option fails it.
    await expect(
      validateWithBuilder({ ...signed.config, linnux: {} } as Configuration),
    ).rejects.toThrow(/linnux/);
  }, 60_000);

  it('registers xmpp: on every platform: mac and Linux from protocols, Windows in the installer', () => {
    const protocols = [config.protocols ?? []].flat();
    expect(protocols.flatMap((p) => p.schemes)).toContain('xmpp');
    const entry = config.linux?.desktop as { entry?: Record<string, string> } | undefined;
    expect(entry?.entry?.['MimeType']).toContain('x-scheme-handler/xmpp');
    const include = config.nsis?.include;
    expect(include).toBe('resources/installer.nsh');
    const nsh = readFileSync(join(root, include!), 'utf8');
    expect(nsh).toMatch(/!macro customInstall[\s\S]*Software\\Classes\\xmpp" "URL Protocol"/);
    expect(nsh).toMatch(
      /shell\\open\\command" "" '"\$INSTDIR\\\$\{APP_EXECUTABLE_FILENAME\}" "%1"'/,
    );
    expect(nsh).toMatch(
      /!macro customUnInstall[\s\S]*DeleteRegKey SHCTX "Software\\Classes\\xmpp"/,
    );
    // electron-builder writes macOS's CFBundleURLTypes from the same protocols list.
    const builderDir = desktopRequire.resolve('electron-builder/package.json');
    const electronMac = createRequire(builderDir).resolve(
      'app-builder-lib/out/electron/electronMac',
    );
    expect(readFileSync(electronMac, 'utf8')).toMatch(/CFBundleURLTypes = protocols\.map/);
  });

  it('names the Linux desktop entry after the app id, as the running window and Flatpak do', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'apps/desktop/package.json'), 'utf8')) as {
      desktopName?: string;
    };
    expect(pkg.desktopName).toBe(`${config.appId}.desktop`);
    expect(config.linux?.syncDesktopName).toBe(true);
    expect(config.linux?.executableName).toBe('parley');
  });

  it('has every icon, licence and resource it names', () => {
    for (const file of [
      'resources/icon.png',
      'resources/icons/512x512.png',
      'resources/icons/256x256.png',
      'LICENSE',
    ]) {
      expect(existsSync(join(root, file)), file).toBe(true);
    }
  });
});

describe('signing and notarisation from the environment', () => {
  const base = baseConfig();

  it('builds unsigned when no credentials are set, and says so', () => {
    const { config, notes } = releaseConfig(base, unsigned);
    expect(config.mac?.identity).toBe('-');
    expect(config.mac?.notarize).toBe(false);
    expect(config.forceCodeSigning).toBe(false);
    expect(notes.join('\n')).toMatch(/macOS: not signed.*CSC_LINK/);
    expect(notes.join('\n')).toMatch(/Windows: installer not signed.*WIN_CSC_LINK/);
  });

  it('signs with the hardened runtime and notarises when the Apple credentials are all set', () => {
    const { config, notes } = releaseConfig(base, {
      CSC_LINK: 'certificate.p12',
      CSC_KEY_PASSWORD: 'secret',
      APPLE_ID: 'dev@example.org',
      APPLE_APP_SPECIFIC_PASSWORD: 'abcd-efgh',
      APPLE_TEAM_ID: 'TEAM123456',
      WIN_CSC_LINK: 'win.pfx',
    });
    expect(config.mac?.identity).toBeUndefined();
    expect(config.mac?.hardenedRuntime).toBe(true);
    expect(config.mac?.notarize).toBe(true);
    expect(notes.filter((n) => /macOS|Windows/.test(n))).toEqual([]);
    // The secrets stay in the environment, where electron-builder reads them itself.
    expect(JSON.stringify(config)).not.toMatch(/secret|abcd-efgh|dev@example\.org|\.p12|\.pfx/);
  });

  it('refuses half a set of notarisation credentials instead of skipping notarisation', () => {
    expect(() => releaseConfig(base, { CSC_LINK: 'c.p12', APPLE_ID: 'dev@example.org' })).toThrow(
      /APPLE_APP_SPECIFIC_PASSWORD, APPLE_TEAM_ID not set/,
    );
  });

  it('fails a release build that must be signed (PARLEY_REQUIRE_SIGNING=1) but is not', () => {
    const require = { PARLEY_REQUIRE_SIGNING: '1' };
    expect(() => releaseConfig(base, require, 'darwin')).toThrow(/macOS: not signed/);
    expect(() => releaseConfig(base, require, 'win32')).toThrow(/Windows: installer not signed/);
    // Linux packages carry no code signature; the Windows check stays electron-builder's too.
    expect(releaseConfig(base, require, 'linux').config.forceCodeSigning).toBe(true);
    const signed = { ...require, CSC_LINK: 'c.p12', WIN_CSC_LINK: 'w.pfx' };
    // A mac release must be notarised too, or Gatekeeper stops it after download.
    expect(() => releaseConfig(base, signed, 'darwin')).toThrow(/not notarised/);
    const notarised = {
      ...signed,
      APPLE_ID: 'a@b.org',
      APPLE_APP_SPECIFIC_PASSWORD: 'p',
      APPLE_TEAM_ID: 'T',
    };
    expect(releaseConfig(base, notarised, 'darwin').config.forceCodeSigning).toBe(true);
    expect(releaseConfig(base, signed, 'win32').config.forceCodeSigning).toBe(true);
  });

  it('keeps no secret in the checked-in packaging files', () => {
    for (const file of ['electron-builder.yml', 'apps/desktop/electron-builder.config.ts']) {
      const text = readFileSync(join(root, file), 'utf8');
      expect(text, file).not.toMatch(/-----BEGIN|cscLink|cscKeyPassword|certificatePassword/i);
      expect(text, file).not.toMatch(/(password|token|secret)\s*[:=]\s*['"]?\w/i);
    }
  });
});

describe('pnpm dist on a machine without Electron', () => {
  it('stops after the app bundles, before the native module is rebuilt, and says why', () => {
    expect(cannotPackage({ ELECTRON_SKIP_BINARY_DOWNLOAD: '1' })).toMatch(
      /only the app bundles were built/,
    );
    expect(cannotPackage({})).toBeNull();
  });
});

describe('update feed from the environment', () => {
  const base = baseConfig();

  it('publishes no feed unless PARLEY_UPDATE_URL is set', () => {
    const { config, notes } = releaseConfig(base, unsigned);
    expect(config.publish).toBeNull();
    expect(notes.join('\n')).toMatch(/no feed/);
  });

  it('writes a generic https feed and the metadata key into the app', () => {
    const { config } = releaseConfig(base, {
      PARLEY_UPDATE_URL: 'https://updates.example.org/parley',
      PARLEY_UPDATE_PUBLIC_KEY: publicKey.toUpperCase(),
    });
    expect(config.publish).toEqual([
      { provider: 'generic', url: 'https://updates.example.org/parley' },
    ]);
    expect(config.extraMetadata).toEqual({ parleyUpdate: { publicKey } });
  });

  it('refuses a plain-http feed, and a feed whose metadata nobody signs', () => {
    expect(() =>
      releaseConfig(base, {
        PARLEY_UPDATE_URL: 'http://x.org',
        PARLEY_UPDATE_PUBLIC_KEY: publicKey,
      }),
    ).toThrow(/must be https/);
    expect(() => releaseConfig(base, { PARLEY_UPDATE_URL: 'https://x.org' })).toThrow(
      /PARLEY_UPDATE_PUBLIC_KEY/,
    );
  });
});
