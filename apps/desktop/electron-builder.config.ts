/**
 * The packaging config `pnpm dist` hands electron-builder: the static settings of
 * electron-builder.yml plus what only the build machine knows, read from its environment:
 * code-signing and notarisation credentials (electron-builder reads the secrets themselves from
 * the same variables; this file only decides what is asked for and says what is missing) and
 * the update feed. Nothing secret is ever written into a file of the repository.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { load } from 'js-yaml';
import type { Configuration } from 'electron-builder';

export type { Configuration };

export type BuildEnv = Readonly<Record<string, string | undefined>>;

export interface ReleaseConfig {
  config: Configuration;
  /** What this build will not do (unsigned, not notarised, no update feed), to print. */
  notes: string[];
}

/** The repository root: this file lives in apps/desktop. */
const root = join(import.meta.dirname, '..', '..');

const set = (env: BuildEnv, name: string): boolean => (env[name] ?? '').trim() !== '';

/** The update-metadata key (raw ed25519, 32 bytes) as 64 hex digits. */
const publicKeyPattern = /^[0-9a-f]{64}$/i;

function macSigning(env: BuildEnv, notes: string[]): Configuration['mac'] {
  const certificate = set(env, 'CSC_LINK') || set(env, 'CSC_NAME');
  const appleId = ['APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID'];
  const apiKey = ['APPLE_API_KEY', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER'];
  for (const group of [appleId, apiKey]) {
    const given = group.filter((name) => set(env, name));
    if (given.length > 0 && given.length < group.length) {
      const missing = group.filter((name) => !set(env, name)).join(', ');
      throw new Error(`Notarisation needs ${group.join(', ')} together: ${missing} not set`);
    }
  }
  const notarise = appleId.every((name) => set(env, name)) || apiKey.every((n) => set(env, n));
  if (!certificate) {
    notes.push(
      'macOS: not signed with a Developer ID (CSC_LINK unset): ad-hoc signature only, not notarised; Gatekeeper will warn',
    );
    // Ad hoc, so Apple silicon runs it at all; the hardened runtime needs a real identity.
    return { identity: '-', hardenedRuntime: false, notarize: false };
  }
  if (!notarise) {
    notes.push(
      'macOS: signed but not notarised (APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD, APPLE_TEAM_ID unset)',
    );
  }
  return { hardenedRuntime: true, notarize: notarise };
}

function windowsSigning(env: BuildEnv, notes: string[]): void {
  if (!set(env, 'WIN_CSC_LINK') && !set(env, 'CSC_LINK')) {
    notes.push(
      'Windows: installer not signed (WIN_CSC_LINK unset); SmartScreen will warn and the updater cannot check the publisher',
    );
  }
}

/**
 * The feed electron-updater reads (a generic HTTPS server holding latest*.yml and the
 * installers) and the key its metadata is signed with; a feed without a key is refused, so no
 * build can take updates whose metadata nobody signed.
 */
function updateFeed(env: BuildEnv, notes: string[]): Partial<Configuration> {
  const url = (env['PARLEY_UPDATE_URL'] ?? '').trim();
  const publicKey = (env['PARLEY_UPDATE_PUBLIC_KEY'] ?? '').trim();
  if (!url) {
    notes.push('Updates: no feed (PARLEY_UPDATE_URL unset): this build never looks for updates');
    return { publish: null };
  }
  if (!url.startsWith('https://')) throw new Error(`PARLEY_UPDATE_URL must be https: ${url}`);
  if (!publicKeyPattern.test(publicKey)) {
    throw new Error(
      'PARLEY_UPDATE_URL needs PARLEY_UPDATE_PUBLIC_KEY: the ed25519 public key (64 hex digits) the update metadata is signed with',
    );
  }
  return {
    publish: [{ provider: 'generic', url }],
    // Read by main/auto-update.ts from the packaged package.json.
    extraMetadata: { parleyUpdate: { publicKey: publicKey.toLowerCase() } },
  };
}

/**
 * electron-builder.yml with the environment's signing, notarisation and feed applied, for a
 * build on `platform` (electron-builder builds macOS installers on macOS only, and so on).
 */
export function releaseConfig(
  base: Configuration,
  env: BuildEnv,
  platform: NodeJS.Platform = process.platform,
): ReleaseConfig {
  const notes: string[] = [];
  const mac = { ...(base.mac ?? {}), ...macSigning(env, notes) };
  windowsSigning(env, notes);
  const feed = updateFeed(env, notes);
  // A release build (the workflow on a tag) fails instead of shipping unsigned; an ad-hoc
  // signature would satisfy electron-builder's own check on macOS, so this one comes first.
  const forceCodeSigning = env['PARLEY_REQUIRE_SIGNING'] === '1';
  const platformNote = { darwin: 'macOS:', win32: 'Windows:' }[platform as string];
  const unsigned = platformNote && notes.find((note) => note.startsWith(platformNote));
  if (forceCodeSigning && unsigned && /not (signed|notarised)/.test(unsigned)) {
    throw new Error(`PARLEY_REQUIRE_SIGNING=1 but ${unsigned}`);
  }
  return { config: { ...base, ...feed, mac, forceCodeSigning }, notes };
}

/** The static part, and the Electron version apps/desktop installs (the root has none). */
export function baseConfig(): Configuration {
  const base = load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Configuration;
  const require = createRequire(join(import.meta.dirname, 'package.json'));
  const electron = require('electron/package.json') as { version: string };
  return { ...base, electronVersion: electron.version };
}

/**
 * Why installers cannot be built on this machine, or null. Where the Electron binary could not
 * be downloaded, neither can Electron's headers: electron-builder's rebuild of the native SQLite
 * module would fail half-way and leave it removed for Node too, so stop before it starts.
 */
export function cannotPackage(env: BuildEnv): string | null {
  if (env['ELECTRON_SKIP_BINARY_DOWNLOAD'] !== '1') return null;
  return 'ELECTRON_SKIP_BINARY_DOWNLOAD=1: this machine cannot download Electron, so only the app bundles were built (apps/desktop/out); build installers where Electron can be downloaded';
}

export default function config(): Configuration {
  const blocked = cannotPackage(process.env);
  if (blocked) throw new Error(`parley dist: ${blocked}`);
  const { config, notes } = releaseConfig(baseConfig(), process.env);
  for (const note of notes) console.warn(`parley dist: ${note}`);
  return config;
}
