import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MainToBackend } from './control-protocol.js';
import {
  BackendSupervisor,
  RestartPolicy,
  type BackendChild,
  type BackendState,
} from './supervisor.js';

describe('RestartPolicy', () => {
  it('allows at most 5 restarts a minute, then again once the oldest is a minute old', () => {
    let now = 0;
    const policy = new RestartPolicy({ maxRestarts: 5, windowMs: 60_000 }, () => now);
    for (let i = 0; i < 5; i++) {
      now += 1_000;
      expect(policy.allow()).toBe(true);
    }
    now += 1_000;
    expect(policy.allow()).toBe(false);
    // The first restart was at 1 s: at 61 s it no longer counts.
    now = 60_999;
    expect(policy.allow()).toBe(false);
    now = 61_000;
    expect(policy.allow()).toBe(true);
    expect(policy.allow()).toBe(false);
  });
});

/** A scripted backend process. */
class FakeChild implements BackendChild {
  readonly received: MainToBackend[] = [];
  private messageListeners: Array<(message: unknown) => void> = [];
  private exitListeners: Array<(code: number | null) => void> = [];
  exitCode: number | null | undefined = undefined;
  killed = false;
  constructor(private readonly onStop: 'exit' | 'hang' = 'exit') {}
  post(message: MainToBackend): void {
    this.received.push(message);
    if (message.type === 'stop' && this.onStop === 'exit') {
      this.say({ type: 'stopped' });
      this.exit(0);
    }
  }
  onMessage(listener: (message: unknown) => void): void {
    this.messageListeners.push(listener);
  }
  onExit(listener: (code: number | null) => void): void {
    if (this.exitCode !== undefined) listener(this.exitCode);
    else this.exitListeners.push(listener);
  }
  kill(): void {
    this.killed = true;
    this.exit(null);
  }
  say(message: unknown): void {
    for (const listener of [...this.messageListeners]) listener(message);
  }
  exit(code: number | null): void {
    if (this.exitCode !== undefined) return;
    this.exitCode = code;
    for (const listener of this.exitListeners.splice(0)) listener(code);
  }
}

const init = () => ({
  storePath: '/p/parley.db',
  key: new Uint8Array(32),
  downloadDir: '/d',
  trustedCaPem: null,
  allowLoopbackHttp: false,
});

function supervise(make: () => FakeChild = () => new FakeChild()) {
  let now = 0;
  const children: FakeChild[] = [];
  const states: BackendState[] = [];
  const hostCalls: string[] = [];
  const supervisor = new BackendSupervisor({
    spawn: () => {
      const child = make();
      children.push(child);
      return child;
    },
    init,
    host: {
      openFile: async (path) => (hostCalls.push(`open ${path}`), null),
      takeFileGrant: async (grant) => (hostCalls.push(`take ${grant}`), `/files/${grant}`),
    },
    now: () => now,
  });
  supervisor.onState((state) => states.push(state));
  return {
    supervisor,
    children,
    states,
    hostCalls,
    advance: (ms: number) => (now += ms),
    last: () => children[children.length - 1]!,
  };
}

describe('BackendSupervisor', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends init first, and reports running when the process says ready', () => {
    const s = supervise();
    const readies: BackendChild[] = [];
    s.supervisor.onReady((child) => readies.push(child));
    s.supervisor.start();
    expect(s.last().received).toEqual([{ type: 'init', init: init() }]);
    expect(s.supervisor.ready()).toBeNull();
    s.last().say({ type: 'ready' });
    expect(s.supervisor.current()).toEqual({ kind: 'running', restarts: 0 });
    expect(readies).toEqual([s.last()]);
  });

  it('restarts a crashed process and hands clients the new one', () => {
    const s = supervise();
    const readies: BackendChild[] = [];
    s.supervisor.onReady((child) => readies.push(child));
    s.supervisor.start();
    s.last().say({ type: 'ready' });
    s.last().exit(null);
    expect(s.states.at(-1)).toEqual({ kind: 'restarting', restarts: 1 });
    expect(s.children).toHaveLength(2);
    s.last().say({ type: 'ready' });
    expect(s.supervisor.current()).toEqual({ kind: 'running', restarts: 1 });
    expect(readies).toEqual(s.children);
  });

  it('gives up with words after 5 crashes within a minute', () => {
    const s = supervise();
    s.supervisor.start();
    for (let i = 0; i < 5; i++) {
      s.advance(1_000);
      s.last().say({ type: 'ready' });
      s.last().exit(1);
    }
    expect(s.children).toHaveLength(6);
    s.advance(1_000);
    s.last().exit(1);
    expect(s.children).toHaveLength(6);
    const state = s.supervisor.current();
    expect(state.kind).toBe('failed');
    expect(state.kind === 'failed' && state.message).toMatch(/stopped unexpectedly 6 times/);
  });

  it('does not restart after a fatal start-up error (wrong key, damaged store)', () => {
    const s = supervise();
    s.supervisor.start();
    s.last().say({ type: 'fatal', message: 'wrong key' });
    s.last().exit(1);
    expect(s.children).toHaveLength(1);
    expect(s.supervisor.current()).toEqual({ kind: 'failed', message: 'wrong key' });
  });

  it('kills a process that never says ready (it counts as a crash)', () => {
    const s = supervise();
    s.supervisor.start();
    vi.advanceTimersByTime(60_000);
    expect(s.children[0]!.killed).toBe(true);
    expect(s.children).toHaveLength(2);
  });

  it('answers valid host requests and ignores malformed ones', async () => {
    const s = supervise();
    s.supervisor.start();
    s.last().say({ type: 'ready' });
    s.last().say({ type: 'host-request', id: 1, name: 'takeFileGrant', arg: 'g1' });
    s.last().say({ type: 'host-request', id: 2, name: 'rm -rf', arg: 'x' });
    s.last().say({ type: 'host-request', id: 3, name: 'openFile', arg: 42 });
    await vi.runAllTimersAsync();
    expect(s.hostCalls).toEqual(['take g1']);
    expect(s.last().received.at(-1)).toEqual({
      type: 'host-result',
      id: 1,
      ok: true,
      value: '/files/g1',
    });
  });

  it('stops in order: asks, waits for the exit, no restart afterwards', async () => {
    const s = supervise();
    s.supervisor.start();
    s.last().say({ type: 'ready' });
    expect(await s.supervisor.stop(5_000)).toBe('clean');
    expect(s.children[0]!.received.at(-1)).toEqual({ type: 'stop' });
    expect(s.children[0]!.killed).toBe(false);
    expect(s.children).toHaveLength(1);
    expect(s.supervisor.current()).toEqual({ kind: 'stopped' });
  });

  it('kills a process that does not stop in time', async () => {
    const s = supervise(() => new FakeChild('hang'));
    s.supervisor.start();
    s.last().say({ type: 'ready' });
    const stopped = s.supervisor.stop(5_000);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(s.children[0]!.killed).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await stopped).toBe('killed');
    expect(s.children[0]!.killed).toBe(true);
    expect(s.children).toHaveLength(1);
  });
});
