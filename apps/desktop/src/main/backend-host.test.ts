import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BackendSupervisor } from '@parley/backend/process-host';
import type { BackendState } from '@parley/contract/client';

/** A small fake of the Electron APIs backend-host.ts uses. */
const electron = vi.hoisted(() => {
  const handlers = new Map<string, Set<(event: unknown) => void>>();
  const ipcMain = {
    on: (channel: string, handler: (event: unknown) => void) => {
      if (!handlers.has(channel)) handlers.set(channel, new Set());
      handlers.get(channel)!.add(handler);
    },
    removeListener: (channel: string, handler: (event: unknown) => void) =>
      handlers.get(channel)?.delete(handler),
    emit: (channel: string, event: unknown) => handlers.get(channel)?.forEach((h) => h(event)),
    removeAllListeners: () => handlers.clear(),
  };
  const channels: Array<{ port1: { id: string }; port2: { id: string } }> = [];
  let n = 0;
  class MessageChannelMain {
    port1 = { id: `p${++n}a` };
    port2 = { id: `p${n}b` };
    constructor() {
      channels.push(this);
    }
  }
  return { ipcMain, MessageChannelMain, channels, utilityProcess: { fork: () => null } };
});
vi.mock('electron', () => electron);

const { connectWindow, quitAfterBackend } = await import('./backend-host.js');
type Supervisor = BackendSupervisor;

/** A supervisor stand-in whose process state the test sets. */
function fakeSupervisor() {
  let state: BackendState = { kind: 'starting' };
  const child = { post: vi.fn(), onMessage: vi.fn(), onExit: vi.fn(), kill: vi.fn() };
  const stateListeners = new Set<(s: BackendState) => void>();
  const readyListeners = new Set<(c: typeof child) => void>();
  const supervisor = {
    current: () => state,
    ready: () => (state.kind === 'running' ? child : null),
    onState: (l: (s: BackendState) => void) => (
      stateListeners.add(l),
      () => stateListeners.delete(l)
    ),
    onReady: (l: (c: typeof child) => void) => (
      readyListeners.add(l),
      () => readyListeners.delete(l)
    ),
    stop: vi.fn(async () => 'clean' as const),
  };
  return {
    supervisor: supervisor as unknown as Supervisor,
    child,
    stop: supervisor.stop,
    set(next: BackendState) {
      state = next;
      stateListeners.forEach((l) => l(next));
      if (next.kind === 'running') readyListeners.forEach((l) => l(child));
    },
  };
}

function fakeContents() {
  const contents = {
    mainFrame: { name: 'top' },
    isDestroyed: () => false,
    postMessage: vi.fn(),
    send: vi.fn(),
  };
  return contents;
}

const ask = (sender: unknown, senderFrame: unknown) =>
  electron.ipcMain.emit('parley:backend-port-request', { sender, senderFrame });

beforeEach(() => {
  electron.ipcMain.removeAllListeners();
  electron.channels.length = 0;
});

describe('connectWindow', () => {
  it('hands the page a port once the backend is ready, and a new one after each restart', () => {
    const fake = fakeSupervisor();
    const contents = fakeContents();
    const undo = connectWindow(fake.supervisor, contents as never);
    // The page asks before the backend is ready: it gets the state, the port comes later.
    ask(contents, contents.mainFrame);
    expect(contents.postMessage).not.toHaveBeenCalled();
    expect(contents.send).toHaveBeenLastCalledWith('parley:backend-state', { kind: 'starting' });
    fake.set({ kind: 'running', restarts: 0 });
    expect(electron.channels).toHaveLength(1);
    const [first] = electron.channels;
    expect(fake.child.post).toHaveBeenLastCalledWith({ type: 'connect' }, first!.port1);
    expect(contents.postMessage).toHaveBeenLastCalledWith('parley:backend-port', null, [
      first!.port2,
    ]);
    // The process crashed and was started again: the window hears it and gets a new port.
    fake.set({ kind: 'restarting', restarts: 1 });
    expect(contents.send).toHaveBeenLastCalledWith('parley:backend-state', {
      kind: 'restarting',
      restarts: 1,
    });
    fake.set({ kind: 'running', restarts: 1 });
    expect(electron.channels).toHaveLength(2);
    expect(contents.postMessage).toHaveBeenLastCalledWith('parley:backend-port', null, [
      electron.channels[1]!.port2,
    ]);
    undo();
    fake.set({ kind: 'running', restarts: 2 });
    expect(electron.channels).toHaveLength(2);
  });

  it('gives no port to another page or a subframe', () => {
    const fake = fakeSupervisor();
    fake.set({ kind: 'running', restarts: 0 });
    const contents = fakeContents();
    connectWindow(fake.supervisor, contents as never);
    ask(fakeContents(), contents.mainFrame);
    ask(contents, { name: 'iframe' });
    expect(contents.postMessage).not.toHaveBeenCalled();
    ask(contents, contents.mainFrame);
    expect(contents.postMessage).toHaveBeenCalledTimes(1);
  });
});

describe('quitAfterBackend', () => {
  it('holds the quit until the backend process has stopped, then quits once', async () => {
    const fake = fakeSupervisor();
    const app = Object.assign(new EventEmitter(), { quit: vi.fn() });
    quitAfterBackend(app, () => fake.supervisor, 1_234);
    let release: (outcome: 'clean') => void = () => undefined;
    fake.stop.mockImplementationOnce(() => new Promise((resolve) => (release = resolve)));
    const event = { preventDefault: vi.fn() };
    app.emit('before-quit', event);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(fake.stop).toHaveBeenCalledWith(1_234);
    expect(app.quit).not.toHaveBeenCalled();
    release('clean');
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledTimes(1));
    // The second before-quit (from that quit) goes through.
    const again = { preventDefault: vi.fn() };
    app.emit('before-quit', again);
    expect(again.preventDefault).not.toHaveBeenCalled();
  });

  it('quits at once when no backend was started (the unlock window was closed)', () => {
    const app = Object.assign(new EventEmitter(), { quit: vi.fn() });
    quitAfterBackend(app, () => null);
    const event = { preventDefault: vi.fn() };
    app.emit('before-quit', event);
    expect(event.preventDefault).not.toHaveBeenCalled();
  });
});
