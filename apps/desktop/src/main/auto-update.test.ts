import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import {
  AutoUpdate,
  checkEveryMs,
  firstCheckMs,
  type OfferAnswer,
  type RestartAnswer,
  type UpdateDeps,
  type UpdaterLike,
} from './auto-update.js';
import {
  channelFile,
  publicKeyOf,
  signUpdate,
  verifyUpdateSignature,
  type SignedUpdateInfo,
} from './auto-update-signature.js';

const secret = '11'.repeat(32);
const publicKey = publicKeyOf(secret);
const release: SignedUpdateInfo = {
  version: '0.2.0',
  files: [{ url: 'Parley-0.2.0.dmg', sha512: 'c2hhNTEy', size: 1234 }],
};

/** electron-updater as far as Parley uses it: events out, calls counted. */
class FakeUpdater extends EventEmitter implements UpdaterLike {
  autoDownload = true;
  autoInstallOnAppQuit = true;
  allowDowngrade = true;
  disableWebInstaller = false;
  checks = 0;
  downloads = 0;
  installs = 0;
  offer: SignedUpdateInfo | null = release;
  async checkForUpdates(): Promise<unknown> {
    this.checks += 1;
    if (this.offer) this.emit('update-available', this.offer);
    return null;
  }
  async downloadUpdate(): Promise<unknown> {
    this.downloads += 1;
    this.emit('update-downloaded', this.offer);
    return [];
  }
  quitAndInstall(): void {
    this.installs += 1;
  }
}

interface Harness {
  updater: FakeUpdater;
  update: AutoUpdate;
  asked: string[];
  logs: string[];
  timers: { run: () => void; ms: number; cancelled: boolean }[];
  turnedOff: () => boolean;
  settle(): Promise<void>;
}

function harness(
  options: {
    signature?: () => Promise<string>;
    install?: OfferAnswer;
    restart?: RestartAnswer;
  } = {},
): Harness {
  const updater = new FakeUpdater();
  const asked: string[] = [];
  const logs: string[] = [];
  const timers: Harness['timers'] = [];
  let off = false;
  const deps: UpdateDeps = {
    updater,
    publicKey,
    fetchSignature: options.signature ?? (async () => signUpdate(release, secret)),
    askInstall: async (version) => {
      asked.push(`install ${version}`);
      return options.install ?? 'install';
    },
    askRestart: async (version) => {
      asked.push(`restart ${version}`);
      return options.restart ?? 'restart';
    },
    turnOff: () => {
      off = true;
    },
    log: (message) => logs.push(message),
    setTimer: (run, ms) => {
      const timer = { run, ms, cancelled: false };
      timers.push(timer);
      return { cancel: () => (timer.cancelled = true) };
    },
  };
  const update = new AutoUpdate(deps);
  // Enough turns of the event loop for the chained promises of one offer.
  const settle = async () => {
    for (let i = 0; i < 20; i += 1) await new Promise((r) => setImmediate(r));
  };
  return { updater, update, asked, logs, timers, turnedOff: () => off, settle };
}

describe('AutoUpdate', () => {
  it('downloads nothing by itself, takes no web installer, never downgrades', () => {
    const { updater } = harness();
    expect(updater.autoDownload).toBe(false);
    expect(updater.autoInstallOnAppQuit).toBe(false);
    expect(updater.disableWebInstaller).toBe(true);
    expect(updater.allowDowngrade).toBe(false);
  });

  it('asks before downloading a signed update, then offers to restart into it', async () => {
    const h = harness();
    await h.update.check();
    await h.settle();
    expect(h.asked).toEqual(['install 0.2.0', 'restart 0.2.0']);
    expect(h.updater.downloads).toBe(1);
    expect(h.updater.installs).toBe(1);
  });

  it('installs on quit when the person does not restart now', async () => {
    const h = harness({ restart: 'on-quit' });
    await h.update.check();
    await h.settle();
    expect(h.updater.installs).toBe(0);
    expect(h.updater.autoInstallOnAppQuit).toBe(true);
  });

  it('downloads nothing when the person says later', async () => {
    const h = harness({ install: 'later' });
    await h.update.check();
    await h.settle();
    expect(h.updater.downloads).toBe(0);
    expect(h.updater.autoInstallOnAppQuit).toBe(false);
  });

  it('never offers an update whose metadata is unsigned, signed by another key, or altered', async () => {
    const otherKey = signUpdate(release, '22'.repeat(32));
    const altered = signUpdate(
      { ...release, files: [{ ...release.files[0]!, sha512: 'x' }] },
      secret,
    );
    for (const signature of [
      async () => Promise.reject(new Error('404')),
      async () => otherKey,
      async () => altered,
      async () => 'not hex',
    ]) {
      const h = harness({ signature });
      await h.update.check();
      await h.settle();
      expect(h.asked).toEqual([]);
      expect(h.updater.downloads).toBe(0);
      expect(h.logs.join('\n')).toMatch(/update 0\.2\.0 ignored/);
    }
  });

  it('does not install a download other than the version approved', async () => {
    const h = harness();
    h.updater.downloadUpdate = async () => {
      h.updater.downloads += 1;
      h.updater.emit('update-downloaded', { ...release, version: '6.6.6' });
      return [];
    };
    await h.update.check();
    await h.settle();
    expect(h.updater.installs).toBe(0);
    expect(h.updater.autoInstallOnAppQuit).toBe(false);
  });

  it('turns itself off for good when asked to', async () => {
    const h = harness({ install: 'turn-off' });
    h.update.start();
    h.timers[0]!.run();
    await h.settle();
    expect(h.turnedOff()).toBe(true);
    expect(h.updater.downloads).toBe(0);
    expect(h.timers.every((t) => t.cancelled || t === h.timers[0])).toBe(true);
    await h.update.check();
    expect(h.updater.checks).toBe(1);
  });

  it('looks a minute after start, then twice a day; a failing check is logged, not thrown', async () => {
    const h = harness();
    h.updater.offer = null;
    h.updater.checkForUpdates = async () => {
      h.updater.checks += 1;
      throw new Error('offline');
    };
    h.update.start();
    expect(h.timers.map((t) => t.ms)).toEqual([firstCheckMs]);
    h.timers[0]!.run();
    await h.settle();
    expect(h.timers.map((t) => t.ms)).toEqual([firstCheckMs, checkEveryMs]);
    expect(h.logs).toEqual(['update check failed: offline']);
    h.update.stop();
    expect(h.timers[1]!.cancelled).toBe(true);
  });
});

describe('update metadata signatures', () => {
  it('verify only for the same version and files under the built-in key', () => {
    const signature = signUpdate(release, secret);
    expect(verifyUpdateSignature(release, signature, publicKey)).toBe(true);
    expect(verifyUpdateSignature({ ...release, version: '0.2.1' }, signature, publicKey)).toBe(
      false,
    );
    expect(verifyUpdateSignature({ ...release, files: [] }, signature, publicKey)).toBe(false);
    expect(verifyUpdateSignature(release, signature, publicKeyOf('33'.repeat(32)))).toBe(false);
  });

  it('name the metadata file electron-updater reads on each platform', () => {
    expect(channelFile('win32', 'x64')).toBe('latest.yml');
    expect(channelFile('darwin', 'arm64')).toBe('latest-mac.yml');
    expect(channelFile('linux', 'x64')).toBe('latest-linux.yml');
    expect(channelFile('linux', 'arm64')).toBe('latest-linux-arm64.yml');
  });

  it('starts again when the setting is turned back on, with one schedule only', async () => {
    const h = harness();
    h.updater.offer = null;
    h.update.start();
    h.update.stop();
    expect(h.timers[0]!.cancelled).toBe(true);
    h.update.start();
    h.update.start();
    expect(h.timers.map((t) => t.ms)).toEqual([firstCheckMs, firstCheckMs]);
    h.timers[1]!.run();
    await h.settle();
    expect(h.updater.checks).toBe(1);
    expect(h.timers.map((t) => t.ms)).toEqual([firstCheckMs, firstCheckMs, checkEveryMs]);
  });
});
