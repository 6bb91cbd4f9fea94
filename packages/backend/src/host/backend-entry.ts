/**
 * Entry of the backend process. Electron main starts it with utilityProcess.fork (built by
 * electron-vite as out/main/backend.js); tests and scripts with child_process.fork (under
 * tsx, serialization 'advanced'). Either way main sends 'init' first: see backend-process.ts.
 */
import type { BackendToMain } from './control-protocol.js';
import { runBackendProcess, type ParentChannel } from './backend-process.js';
import type { ClientPort } from './serve-port.js';

/** The parts of Electron's MessagePortMain used here (no Electron import in the backend). */
interface MessagePortMainLike {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  on(event: 'close', listener: () => void): void;
  postMessage(message: unknown): void;
  start(): void;
}

/** Electron's process.parentPort in a utility process. */
interface ParentPortLike {
  on(
    event: 'message',
    listener: (event: { data: unknown; ports: MessagePortMainLike[] }) => void,
  ): void;
  postMessage(message: unknown): void;
}

function electronClientPort(port: MessagePortMainLike): ClientPort {
  const clientPort: ClientPort = {
    post: (text) => port.postMessage(text),
    onMessage: (listener) => port.on('message', (event) => listener(event.data)),
    onClose: (listener) => port.on('close', listener),
  };
  // Messages queue on a MessagePortMain until it is started; start once listeners are on.
  queueMicrotask(() => port.start());
  return clientPort;
}

function electronParent(parentPort: ParentPortLike): ParentChannel {
  return {
    post: (message: BackendToMain) => parentPort.postMessage(message),
    onMessage: (listener) =>
      parentPort.on('message', (event) =>
        listener(event.data, (event.ports ?? []).map(electronClientPort)),
      ),
  };
}

function nodeParent(): ParentChannel {
  return {
    post: (message: BackendToMain) => {
      if (process.connected) process.send?.(message);
    },
    onMessage: (listener) => process.on('message', (message) => listener(message, [])),
  };
}

const parentPort = (process as unknown as { parentPort?: ParentPortLike }).parentPort;
if (parentPort) {
  runBackendProcess(electronParent(parentPort), (code) => process.exit(code));
} else if (process.send) {
  let stop: (() => void) | null = null;
  const parent = nodeParent();
  runBackendProcess(
    {
      post: parent.post,
      onMessage: (listener) => {
        parent.onMessage(listener);
        // Main went away without a 'stop': end cleanly all the same.
        stop = () => listener({ type: 'stop' }, []);
      },
    },
    (code) => process.exit(code),
  );
  process.once('disconnect', () => stop?.());
} else {
  console.error('The Parley backend process is started by the app (no parent channel here).');
  process.exit(2);
}
