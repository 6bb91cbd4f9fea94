/**
 * Messages between the app's main process and the backend process (Electron: the utility
 * process's parentPort; Node: the child's IPC channel with 'advanced' serialization). Both
 * carry structured clones, so the store key travels as bytes and stays in memory only.
 */

/** What the backend process needs to start: sent once, by main, right after the spawn. */
export interface BackendInit {
  /** The profile's encrypted database file. */
  storePath: string;
  /** The store key, 32 bytes: never in argv or the environment. */
  key: Uint8Array;
  downloadDir: string;
  /** Development/test only: a CA trusted in addition to the system's. */
  trustedCaPem: string | null;
  /** Plain http to loopback (a local test server's upload service). */
  allowLoopbackHttp: boolean;
  /** Tests: reconnect quickly. */
  reconnect?: { minDelayMs: number; maxDelayMs: number; factor: number };
}

/** Services only main can give (the keychain and file grants stay there). */
export type HostRequestName = 'openFile' | 'takeFileGrant';

export type MainToBackend =
  | { type: 'init'; init: BackendInit }
  /** Electron: a new client (a window) on the port that comes with this message. */
  | { type: 'connect' }
  /** Node: the one client whose frames ride on the IPC channel itself. */
  | { type: 'frame'; data: string }
  | { type: 'open-link'; uri: string }
  | { type: 'host-result'; id: number; ok: boolean; value: string | null; message?: string }
  /** Close the sessions and the store, then exit. */
  | { type: 'stop' };

export type BackendToMain =
  | { type: 'ready' }
  /** Start-up failed in a way a restart cannot mend (wrong key, damaged store): stop trying. */
  | { type: 'fatal'; message: string }
  | { type: 'frame'; data: string }
  | { type: 'host-request'; id: number; name: HostRequestName; arg: string }
  | { type: 'stopped' };

const MAX_PATH_CHARS = 32 * 1024;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Main's check of what the backend process sends (a crashed or confused one included). */
export function parseBackendMessage(message: unknown): BackendToMain | null {
  if (!isRecord(message)) return null;
  switch (message['type']) {
    case 'ready':
    case 'stopped':
      return { type: message['type'] };
    case 'fatal':
      return typeof message['message'] === 'string'
        ? { type: 'fatal', message: message['message'].slice(0, 2_000) }
        : null;
    case 'frame':
      return typeof message['data'] === 'string' ? { type: 'frame', data: message['data'] } : null;
    case 'host-request': {
      const { id, name, arg } = message;
      if (typeof id !== 'number' || !Number.isSafeInteger(id)) return null;
      if (name !== 'openFile' && name !== 'takeFileGrant') return null;
      if (typeof arg !== 'string' || arg.length === 0 || arg.length > MAX_PATH_CHARS) return null;
      return { type: 'host-request', id, name, arg };
    }
    default:
      return null;
  }
}

/** The backend process's check of what main sends: anything else is ignored (and logged). */
export function parseMainMessage(message: unknown): MainToBackend | null {
  if (!isRecord(message)) return null;
  switch (message['type']) {
    case 'init':
      return isInit(message['init']) ? { type: 'init', init: message['init'] } : null;
    case 'connect':
    case 'stop':
      return { type: message['type'] };
    case 'frame':
      return typeof message['data'] === 'string' ? { type: 'frame', data: message['data'] } : null;
    case 'open-link':
      return typeof message['uri'] === 'string' ? { type: 'open-link', uri: message['uri'] } : null;
    case 'host-result': {
      const { id, ok, value } = message;
      if (typeof id !== 'number' || typeof ok !== 'boolean') return null;
      if (value !== null && typeof value !== 'string') return null;
      const text = typeof message['message'] === 'string' ? message['message'] : undefined;
      return { type: 'host-result', id, ok, value, ...(text ? { message: text } : {}) };
    }
    default:
      return null;
  }
}

function isInit(value: unknown): value is BackendInit {
  if (!isRecord(value)) return false;
  const { storePath, key, downloadDir, trustedCaPem, allowLoopbackHttp, reconnect } = value;
  return (
    typeof storePath === 'string' &&
    storePath.length > 0 &&
    key instanceof Uint8Array &&
    key.length === 32 &&
    typeof downloadDir === 'string' &&
    (trustedCaPem === null || typeof trustedCaPem === 'string') &&
    typeof allowLoopbackHttp === 'boolean' &&
    (reconnect === undefined ||
      (isRecord(reconnect) &&
        typeof reconnect['minDelayMs'] === 'number' &&
        typeof reconnect['maxDelayMs'] === 'number' &&
        typeof reconnect['factor'] === 'number'))
  );
}
