/**
 * Parley's updater: looks for updates now and then, checks the offered metadata's signature,
 * and asks the person before anything is downloaded or installed. The Electron side (dialogs,
 * electron-updater, the preferences file) is injected, so all of this runs under plain Node
 * with a fake (auto-update.test.ts); auto-update-electron.ts wires the real ones.
 */
import { verifyUpdateSignature, type SignedUpdateInfo } from './auto-update-signature.js';

/** The part of electron-updater's AppUpdater used here. */
export interface UpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  allowDowngrade: boolean;
  disableWebInstaller: boolean;
  on(event: 'update-available', listener: (info: SignedUpdateInfo) => void): unknown;
  on(event: 'update-downloaded', listener: (info: SignedUpdateInfo) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  checkForUpdates(): Promise<unknown>;
  downloadUpdate(): Promise<unknown>;
  quitAndInstall(): void;
}

export type OfferAnswer = 'install' | 'later' | 'turn-off';
export type RestartAnswer = 'restart' | 'on-quit';

export interface UpdateDeps {
  updater: UpdaterLike;
  publicKey: string;
  /** The `.sig` published beside this platform's metadata file. */
  fetchSignature(): Promise<string>;
  /** "Parley <version> is available: install it?" */
  askInstall(version: string): Promise<OfferAnswer>;
  /** "Parley <version> is ready: restart now?" */
  askRestart(version: string): Promise<RestartAnswer>;
  turnOff(): void;
  log(message: string): void;
  setTimer(run: () => void, ms: number): { cancel(): void };
}

/** The first look a while after start (not during sign-in), then twice a day. */
export const firstCheckMs = 60_000;
export const checkEveryMs = 12 * 60 * 60 * 1000;

export class AutoUpdate {
  private timer: { cancel(): void } | null = null;
  private stopped = false;
  /** Each start's own: a check still running from before a stop does not schedule another. */
  private generation = 0;
  /** The version the person agreed to, whose metadata was verified; nothing else installs. */
  private approved: string | null = null;
  private busy = false;

  constructor(private readonly deps: UpdateDeps) {
    const { updater } = deps;
    // Nothing is downloaded or installed without a verified signature and a yes.
    updater.autoDownload = false;
    updater.autoInstallOnAppQuit = false;
    updater.allowDowngrade = false;
    // Web installers may skip the code-signature check: never take one.
    updater.disableWebInstaller = true;
    updater.on('update-available', (info) => void this.offer(info));
    updater.on('update-downloaded', (info) => void this.downloaded(info));
    updater.on('error', (error) => {
      this.busy = false;
      deps.log(`update failed: ${error.message}`);
    });
  }

  /** Starts looking (again, after stop: the setting was turned back on). */
  start(): void {
    if (this.timer && !this.stopped) return;
    this.stopped = false;
    this.generation += 1;
    this.schedule(firstCheckMs);
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = null;
  }

  /** One look for an update; errors are logged, never thrown at the app. */
  async check(): Promise<void> {
    if (this.stopped || this.busy) return;
    try {
      await this.deps.updater.checkForUpdates();
    } catch (error) {
      this.deps.log(`update check failed: ${(error as Error).message}`);
    }
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    const generation = this.generation;
    this.timer = this.deps.setTimer(() => {
      void this.check().then(() => {
        if (generation === this.generation) this.schedule(checkEveryMs);
      });
    }, ms);
  }

  private async offer(info: SignedUpdateInfo): Promise<void> {
    if (this.stopped || this.busy) return;
    this.busy = true;
    try {
      if (!(await this.signed(info))) return;
      const answer = await this.deps.askInstall(info.version);
      if (answer === 'turn-off') {
        this.deps.turnOff();
        this.stop();
        return;
      }
      if (answer !== 'install' || this.stopped) return;
      this.approved = info.version;
      await this.deps.updater.downloadUpdate();
    } catch (error) {
      this.deps.log(`update not installed: ${(error as Error).message}`);
    } finally {
      this.busy = false;
    }
  }

  private async signed(info: SignedUpdateInfo): Promise<boolean> {
    let signature: string;
    try {
      signature = await this.deps.fetchSignature();
    } catch (error) {
      this.deps.log(`update ${info.version} ignored: no signature (${(error as Error).message})`);
      return false;
    }
    if (verifyUpdateSignature(info, signature, this.deps.publicKey)) return true;
    this.deps.log(`update ${info.version} ignored: its metadata is not signed by Parley's key`);
    return false;
  }

  private async downloaded(info: SignedUpdateInfo): Promise<void> {
    if (info.version !== this.approved) {
      this.deps.log(`downloaded update ${info.version} was not the one approved; not installed`);
      return;
    }
    // The person said yes: install when Parley quits, or now if they choose.
    this.deps.updater.autoInstallOnAppQuit = true;
    const answer = await this.deps.askRestart(info.version);
    if (answer === 'restart' && !this.stopped) this.deps.updater.quitAndInstall();
  }
}
