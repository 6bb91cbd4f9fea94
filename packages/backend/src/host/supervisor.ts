import type { BackendState } from '@parley/contract/client';
import {
  parseBackendMessage,
  type BackendInit,
  type BackendToMain,
  type HostRequestName,
  type MainToBackend,
} from './control-protocol.js';

/** How often a crashed backend is started again: at most `maxRestarts` within `windowMs`. */
export interface RestartLimits {
  maxRestarts: number;
  windowMs: number;
}
export const DEFAULT_RESTART_LIMITS: RestartLimits = { maxRestarts: 5, windowMs: 60_000 };

/**
 * Bounds restarts: a backend that dies again and again (a corrupt row it trips on at start, a
 * native module that crashes) is not restarted forever; the user is told instead.
 */
export class RestartPolicy {
  private readonly restarts: number[] = [];
  constructor(
    private readonly limits: RestartLimits = DEFAULT_RESTART_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** A crash now: true (and counted) when another restart is allowed. */
  allow(): boolean {
    const now = this.now();
    while (this.restarts.length > 0 && now - this.restarts[0]! >= this.limits.windowMs) {
      this.restarts.shift();
    }
    if (this.restarts.length >= this.limits.maxRestarts) return false;
    this.restarts.push(now);
    return true;
  }
}

/** A started backend process, as Electron's utilityProcess or Node's fork gives it. */
export interface BackendChild {
  /** `port`: Electron's MessagePortMain handed over with a 'connect'. */
  post(message: MainToBackend, port?: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (code: number | null) => void): void;
  /** SIGKILL (Electron: kill()). */
  kill(): void;
}

/** What main provides the backend (file grants and the system's file handler stay in main). */
export type HostServices = Record<HostRequestName, (arg: string) => Promise<string | null>>;

export type { BackendState };

export interface SupervisorOptions {
  spawn: () => BackendChild;
  /** Called for every start: the key lives in main's memory and is copied per process. */
  init: () => BackendInit;
  host: HostServices;
  limits?: RestartLimits;
  now?: () => number;
  /** A process that has not said 'ready' by then is killed (and counts as a crash). */
  readyTimeoutMs?: number;
}

/**
 * Starts the backend process, restarts it when it dies unexpectedly (within the limits),
 * answers its host requests and stops it in order on quit. Used by Electron main
 * (backend-host.ts) and by tests and scripts in Node (node-backend.ts).
 */
export class BackendSupervisor {
  private child: BackendChild | null = null;
  private state: BackendState = { kind: 'starting' };
  private restarts = 0;
  private stopping: Promise<'clean' | 'killed'> | null = null;
  /** Set before the stop is asked for: an exit from then on is no crash. */
  private stopRequested = false;
  private readonly policy: RestartPolicy;
  private readonly stateListeners = new Set<(state: BackendState) => void>();
  private readonly readyListeners = new Set<(child: BackendChild) => void>();
  private readonly frameListeners = new Set<(data: string) => void>();

  constructor(private readonly options: SupervisorOptions) {
    this.policy = new RestartPolicy(options.limits, options.now);
  }

  current(): BackendState {
    return this.state;
  }

  /** The running process, once it said 'ready'; null while (re)starting or stopped. */
  ready(): BackendChild | null {
    return this.state.kind === 'running' ? this.child : null;
  }

  onState(listener: (state: BackendState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Each time a process is ready (the first and every restart): hand clients a new port. */
  onReady(listener: (child: BackendChild) => void): () => void {
    this.readyListeners.add(listener);
    return () => this.readyListeners.delete(listener);
  }

  /** Node: frames of the one IPC client. */
  onFrame(listener: (data: string) => void): () => void {
    this.frameListeners.add(listener);
    return () => this.frameListeners.delete(listener);
  }

  start(): void {
    if (this.child || this.stopRequested) return;
    this.launch();
  }

  /**
   * Asks the process to stop (sessions closed, store checkpointed and closed), waits up to
   * `timeoutMs` for it to exit, then kills it. Resolves once it is gone; no restart follows.
   */
  stop(timeoutMs = 5_000): Promise<'clean' | 'killed'> {
    this.stopRequested = true;
    this.stopping ??= this.stopChild(timeoutMs);
    return this.stopping;
  }

  private async stopChild(timeoutMs: number): Promise<'clean' | 'killed'> {
    const child = this.child;
    if (!child) {
      this.setState({ kind: 'stopped' });
      return 'clean';
    }
    const exited = new Promise<void>((resolve) => child.onExit(() => resolve()));
    child.post({ type: 'stop' });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), timeoutMs);
    });
    const late = await Promise.race([exited.then(() => false), timedOut]);
    clearTimeout(timer);
    if (late) {
      child.kill();
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2_000))]);
    }
    this.setState({ kind: 'stopped' });
    return late ? 'killed' : 'clean';
  }

  private launch(): void {
    const child = this.options.spawn();
    this.child = child;
    let ready = false;
    const readyTimer = setTimeout(() => {
      if (!ready && this.child === child) child.kill();
    }, this.options.readyTimeoutMs ?? 60_000);
    child.onMessage((raw) => {
      if (this.child !== child) return;
      const message = parseBackendMessage(raw);
      if (!message) return;
      if (message.type === 'ready') {
        ready = true;
        clearTimeout(readyTimer);
        if (this.stopRequested) return;
        this.setState({ kind: 'running', restarts: this.restarts });
        for (const listener of [...this.readyListeners]) listener(child);
      } else this.handle(child, message);
    });
    child.onExit((code) => {
      clearTimeout(readyTimer);
      if (this.child !== child) return;
      this.child = null;
      if (this.stopRequested || this.state.kind === 'failed') return;
      this.crashed(code);
    });
    child.post({ type: 'init', init: this.options.init() });
  }

  private handle(child: BackendChild, message: BackendToMain): void {
    switch (message.type) {
      case 'fatal':
        // Starting again would fail the same way (wrong key, damaged store).
        this.setState({ kind: 'failed', message: message.message });
        return;
      case 'frame':
        for (const listener of [...this.frameListeners]) listener(message.data);
        return;
      case 'host-request': {
        const { id, name, arg } = message;
        this.options.host[name](arg).then(
          (value) => child.post({ type: 'host-result', id, ok: true, value }),
          (error: unknown) =>
            child.post({ type: 'host-result', id, ok: false, value: null, message: String(error) }),
        );
        return;
      }
      default:
        return;
    }
  }

  private crashed(code: number | null): void {
    if (!this.policy.allow()) {
      this.setState({
        kind: 'failed',
        message:
          `The Parley backend stopped unexpectedly ${this.restarts + 1} times in a short ` +
          `while (last exit code ${code ?? 'none'}); it was not started again. Restart Parley.`,
      });
      return;
    }
    this.restarts++;
    this.setState({ kind: 'restarting', restarts: this.restarts });
    this.launch();
  }

  private setState(state: BackendState): void {
    this.state = state;
    for (const listener of [...this.stateListeners]) listener(state);
  }
}
