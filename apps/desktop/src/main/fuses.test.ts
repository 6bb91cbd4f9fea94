import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';

// The packaging config electron-builder reads (`pnpm dist`); its electronFuses are written
// into the Electron binary, where no command-line flag or environment variable can undo them.
const configFile = fileURLToPath(new URL('../../../../electron-builder.yml', import.meta.url));

function builderConfig(): Record<string, unknown> {
  return load(readFileSync(configFile, 'utf8')) as Record<string, unknown>;
}

describe('Electron fuses set at packaging', () => {
  it('turns off every way to run the app as plain Node or attach a debugger', () => {
    const fuses = builderConfig()['electronFuses'] as Record<string, unknown> | undefined;
    expect(fuses).toBeDefined();
    expect(fuses?.['runAsNode']).toBe(false);
    expect(fuses?.['enableNodeOptionsEnvironmentVariable']).toBe(false);
    expect(fuses?.['enableNodeCliInspectArguments']).toBe(false);
  });

  it('loads the app only from its integrity-checked asar, with encrypted cookies', () => {
    const config = builderConfig();
    const fuses = config['electronFuses'] as Record<string, unknown> | undefined;
    expect(fuses?.['onlyLoadAppFromAsar']).toBe(true);
    expect(fuses?.['enableEmbeddedAsarIntegrityValidation']).toBe(true);
    expect(fuses?.['enableCookieEncryption']).toBe(true);
    expect(fuses?.['grantFileProtocolExtraPrivileges']).toBe(false);
    // OnlyLoadAppFromAsar with no asar would leave nothing to load.
    expect(config['asar']).not.toBe(false);
  });

  it('names only fuses this electron-builder knows (a typo would be ignored silently)', async () => {
    const { createRequire } = await import('node:module');
    const require = createRequire(configFile.replace('electron-builder.yml', 'apps/desktop/'));
    const builder = require.resolve('electron-builder/package.json');
    const appBuilderLib = createRequire(builder).resolve('app-builder-lib/scheme.json');
    const scheme = JSON.parse(readFileSync(appBuilderLib, 'utf8')) as {
      definitions: { FuseOptionsV1: { properties: Record<string, unknown> } };
    };
    const known = Object.keys(scheme.definitions.FuseOptionsV1.properties);
    const fuses = builderConfig()['electronFuses'] as Record<string, unknown>;
    for (const name of Object.keys(fuses)) expect(known).toContain(name);
  });
});
