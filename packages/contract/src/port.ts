import type { CommandError } from './domain.js';
import type { Result } from './result.js';

/**
 * The contract over a message port (Electron MessagePort, or a Node child's IPC channel).
 * Every frame is one JSON text, so its size is known before it is parsed and nothing but plain
 * data crosses:
 *   client → backend  {"id": 7, "name": "messages.send", "payload": {…}}
 *   backend → client  {"id": 7, "result": {"ok": true, "value": …}}
 *                     {"event": "message.added", "payload": {…}}
 * A frame the backend cannot take is answered with a typed error (with its id when it has one,
 * else id null); it never ends the process.
 */
export interface RequestFrame {
  id: number;
  name: string;
  payload: unknown;
}
export interface ResultFrame {
  id: number | null;
  result: Result<unknown>;
}
export interface EventFrame {
  event: string;
  payload: unknown;
}

/**
 * One command per frame. The largest is files.send with a file's bytes in base64 (90 MB by the
 * contract); a grant (Electron's way) is a few bytes. As the WebSocket host allows.
 */
export const MAX_FRAME_CHARS = 96 * 1024 * 1024;
/** Command names are short identifiers; anything longer is not one of ours. */
const MAX_NAME_CHARS = 128;

/** What a call pending when the backend process died is answered with. */
export const BACKEND_RESTARTED: CommandError = {
  code: 'failed',
  message: 'The Parley backend restarted while this was in progress; try again',
};
/** What a call is answered with once the transport is closed for good. */
export const BACKEND_GONE: CommandError = {
  code: 'failed',
  message: 'The Parley backend is not running',
};

export type ParsedRequest = { ok: true; request: RequestFrame } | { ok: false; reply: ResultFrame };

function refusal(id: number | null, message: string): { ok: false; reply: ResultFrame } {
  return {
    ok: false,
    reply: { id, result: { ok: false, error: { code: 'invalid-payload', message } } },
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isFrameId = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** Checks a client frame's envelope; the contract then checks name and payload (dispatch). */
export function parseRequest(data: unknown, maxChars = MAX_FRAME_CHARS): ParsedRequest {
  if (typeof data !== 'string') return refusal(null, 'A frame must be JSON text');
  if (data.length > maxChars) {
    return refusal(null, `A frame may be at most ${maxChars} characters`);
  }
  let frame: unknown;
  try {
    frame = JSON.parse(data);
  } catch {
    return refusal(null, 'A frame must be JSON');
  }
  if (!isRecord(frame)) return refusal(null, 'A frame must be a JSON object');
  const id = isFrameId(frame['id']) ? frame['id'] : null;
  if (id === null) return refusal(null, 'Expected {"id":<integer>,"name":…,"payload":…}');
  const name = frame['name'];
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_NAME_CHARS) {
    return refusal(id, 'A frame names its command in "name"');
  }
  return { ok: true, request: { id, name, payload: frame['payload'] } };
}

export type BackendFrame = ({ kind: 'result' } & ResultFrame) | ({ kind: 'event' } & EventFrame);

/**
 * Reads a backend frame on the client side. The backend is our own process, but a frame that
 * is not one of the two shapes is dropped rather than trusted (null).
 */
export function parseBackendFrame(data: unknown): BackendFrame | null {
  if (typeof data !== 'string') return null;
  let frame: unknown;
  try {
    frame = JSON.parse(data);
  } catch {
    return null;
  }
  if (!isRecord(frame)) return null;
  if (typeof frame['event'] === 'string') {
    return { kind: 'event', event: frame['event'], payload: frame['payload'] };
  }
  const result = frame['result'];
  if ((isFrameId(frame['id']) || frame['id'] === null) && isRecord(result)) {
    if (typeof result['ok'] !== 'boolean') return null;
    return { kind: 'result', id: frame['id'], result: result as Result<unknown> };
  }
  return null;
}

export const encodeRequest = (frame: RequestFrame): string => JSON.stringify(frame);
export const encodeResult = (frame: ResultFrame): string => JSON.stringify(frame);
export const encodeEvent = (frame: EventFrame): string => JSON.stringify(frame);

/** Electron IPC channels between main and the preload for the backend's port and state. */
export const backendPortChannels = {
  /** Main → preload: a MessagePort to the backend (on load and after every restart). */
  port: 'parley:backend-port',
  /** Preload → main: a (re)loaded page asks for its port. */
  requestPort: 'parley:backend-port-request',
  /** Main → preload: the backend process's BackendState. */
  state: 'parley:backend-state',
} as const;

/** The backend process as main's supervisor sees it, told to the window. */
export type BackendState =
  | { kind: 'starting' }
  /** `restarts`: how many times it was started again after a crash since the app started. */
  | { kind: 'running'; restarts: number }
  | { kind: 'restarting'; restarts: number }
  | { kind: 'failed'; message: string }
  | { kind: 'stopped' };
