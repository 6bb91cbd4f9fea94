import { fork, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type ParleyClient } from '@parley/contract';
import type { BackendInit } from './control-protocol.js';
import { createPortClient, type PortClient } from '@parley/contract/client';
import {
  BackendSupervisor,
  type BackendChild,
  type HostServices,
  type RestartLimits,
} from './supervisor.js';

const entry = join(dirname(fileURLToPath(import.meta.url)), 'backend-entry.ts');

/** The backend process as a plain Node child (the stand-in for Electron's utility process). */
export function forkBackendChild(onSpawn?: (child: ChildProcess) => void): BackendChild {
  const child = fork(entry, [], {
    execArgv: ['--import', 'tsx'],
    // Structured clones, as Electron's parentPort: the key goes as bytes.
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  // Never leave a backend behind, even when the caller exits through process.exit.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  // Writes after the child died fail here; its 'exit' is what the supervisor acts on.
  child.on('error', () => undefined);
  onSpawn?.(child);
  return {
    post: (message) => {
      if (child.connected) child.send(message);
    },
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => {
      if (child.exitCode !== null || child.signalCode !== null) listener(child.exitCode);
      else child.once('exit', (code) => listener(code));
    },
    kill: () => child.kill('SIGKILL'),
  };
}

export interface NodeBackend {
  /** The contract client over the child's IPC channel; its link drops and comes back. */
  client: ParleyClient;
  transport: PortClient;
  supervisor: BackendSupervisor;
  /** The process now running (changes after a restart). */
  process(): ChildProcess;
  /** Resolves when a process is ready (the next one when `after` is the current one). */
  ready(after?: ChildProcess): Promise<ChildProcess>;
  stop(timeoutMs?: number): Promise<'clean' | 'killed'>;
}

/**
 * Runs the backend in a Node child process under a supervisor, with a contract client in this
 * process: for tests, benches and scripts. Resolves once the first process is ready.
 */
export async function startNodeBackend(options: {
  init: () => BackendInit;
  host?: Partial<HostServices>;
  limits?: RestartLimits;
  readyTimeoutMs?: number;
}): Promise<NodeBackend> {
  const transport = createPortClient();
  let current: ChildProcess | null = null;
  const children: ChildProcess[] = [];
  const supervisor = new BackendSupervisor({
    spawn: () =>
      forkBackendChild((child) => {
        current = child;
        children.push(child);
        child.once('exit', () => transport.detach());
      }),
    init: options.init,
    host: {
      openFile: options.host?.openFile ?? (async () => null),
      takeFileGrant: options.host?.takeFileGrant ?? (async () => null),
    },
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.readyTimeoutMs ? { readyTimeoutMs: options.readyTimeoutMs } : {}),
  });
  let receive: (data: unknown) => void = () => undefined;
  supervisor.onFrame((data) => receive(data));
  // Before any other ready listener: the client has its port by the time they run.
  supervisor.onReady((child) => {
    receive = transport.attach({ post: (data) => child.post({ type: 'frame', data }) });
  });
  const ready = (after?: ChildProcess): Promise<ChildProcess> =>
    new Promise((resolve, reject) => {
      const offs: Array<() => void> = [];
      const settle = (outcome: () => void) => {
        offs.forEach((off) => off());
        outcome();
      };
      const check = () => {
        const state = supervisor.current();
        if (state.kind === 'failed') settle(() => reject(new Error(state.message)));
        else if (state.kind === 'running' && current && current !== after) {
          const child = current;
          settle(() => resolve(child));
        }
      };
      offs.push(
        supervisor.onReady(check),
        supervisor.onState((state) => state.kind === 'failed' && check()),
      );
      check();
    });
  supervisor.start();
  await ready();
  return {
    client: createClient(transport),
    transport,
    supervisor,
    process: () => current!,
    ready,
    stop: async (timeoutMs) => {
      const outcome = await supervisor.stop(timeoutMs);
      transport.close();
      return outcome;
    },
  };
}
