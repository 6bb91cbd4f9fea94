/**
 * Whether this copy of Parley updates itself. Only copies nobody else updates do: a Linux
 * package from the system's package manager (deb, rpm), a Flatpak or a Snap is updated by the
 * system that installed it, and an updater of our own would fight it (or ask for root).
 */

import type { UpdateManager } from '@parley/contract';

export type InstallKind =
  | 'development'
  | 'appimage'
  | 'flatpak'
  | 'snap'
  | 'linux-package'
  | 'mac'
  | 'windows'
  | 'windows-portable'
  | 'other';

export interface InstallFacts {
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  isPackaged: boolean;
  /** Flatpak puts this file at the sandbox's root; older runtimes set no FLATPAK_ID. */
  flatpakInfoExists: boolean;
}

/** How this copy was installed, from what each packaging leaves in the environment. */
export function installKind(facts: InstallFacts): InstallKind {
  const { platform, env } = facts;
  if (!facts.isPackaged) return 'development';
  if (platform === 'darwin') return 'mac';
  if (platform === 'win32') return env['PORTABLE_EXECUTABLE_DIR'] ? 'windows-portable' : 'windows';
  if (platform !== 'linux') return 'other';
  // Checked before APPIMAGE: a variable leaked from a parent process must not win over the sandbox.
  if (env['FLATPAK_ID'] || facts.flatpakInfoExists) return 'flatpak';
  if (env['SNAP']) return 'snap';
  // The AppImage runtime sets APPIMAGE to the image's own path.
  if (env['APPIMAGE']) return 'appimage';
  return 'linux-package';
}

export interface UpdatePolicyInput extends InstallFacts {
  /** The build named a feed (electron-builder wrote app-update.yml). */
  feedConfigured: boolean;
  /** The ed25519 key the update metadata must be signed with, from the packaged app. */
  publicKey: string | null;
  /** The person turned automatic updates off. */
  turnedOff: boolean;
}

export type UpdatePolicy =
  { enabled: true; kind: InstallKind } | { enabled: false; reason: string };

const notOurs: Partial<Record<InstallKind, string>> = {
  development: 'a development build does not update itself',
  flatpak: 'Flatpak updates this copy',
  snap: 'Snap updates this copy',
  'linux-package': 'the system package manager (deb, rpm) updates this copy',
  'windows-portable': 'the portable build is replaced by hand',
  other: 'no updater for this platform',
};

export function updatePolicy(input: UpdatePolicyInput): UpdatePolicy {
  const kind = installKind(input);
  const reason = notOurs[kind];
  if (reason) return { enabled: false, reason };
  if (input.env['PARLEY_DISABLE_UPDATES'] === '1') {
    return { enabled: false, reason: 'PARLEY_DISABLE_UPDATES=1' };
  }
  if (input.turnedOff) return { enabled: false, reason: 'automatic updates are turned off' };
  if (!input.feedConfigured) return { enabled: false, reason: 'this build names no update feed' };
  if (!input.publicKey) {
    return { enabled: false, reason: 'this build has no key to check update metadata with' };
  }
  return { enabled: true, kind };
}

/**
 * Who updates this copy, whatever the person chose: Parley's own updater, the system that
 * installed it (deb, rpm, Flatpak, Snap), or nobody (development, portable, no signed feed).
 * The Desktop settings show the automatic-updates switch only for the first.
 */
export function updateManager(input: Omit<UpdatePolicyInput, 'turnedOff'>): UpdateManager {
  if (updatePolicy({ ...input, turnedOff: false }).enabled) return 'parley';
  const kind = installKind(input);
  return kind === 'flatpak' || kind === 'snap' || kind === 'linux-package' ? 'system' : 'none';
}
