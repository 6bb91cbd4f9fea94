import type { CommandName, CommandRequest, CommandResponse } from './commands.js';
import type { EventName, EventPayload } from './events.js';
import { CommandFailure, type Result } from './result.js';

/** The two primitives a transport provides (Electron IPC or WebSocket). */
export interface Transport {
  invoke(name: string, payload: unknown): Promise<Result<unknown>>;
  subscribe(listener: (name: string, payload: unknown) => void): () => void;
}

export interface ParleyClient {
  call<N extends CommandName>(name: N, request: CommandRequest<N>): Promise<CommandResponse<N>>;
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/**
 * Typed client over any transport. The renderer trusts nothing it did not ask for:
 * events are only dispatched by name; the backend is the side that validates.
 */
export function createClient(transport: Transport): ParleyClient {
  const listeners = new Map<string, Set<(payload: never) => void>>();
  transport.subscribe((name, payload) => {
    for (const listener of listeners.get(name) ?? []) listener(payload as never);
  });
  return {
    async call(name, request) {
      const result = await transport.invoke(name, request);
      if (!result.ok) throw new CommandFailure(result.error);
      return result.value as never;
    },
    on(name, listener) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener as (payload: never) => void);
      return () => set.delete(listener as (payload: never) => void);
    },
  };
}

/** Channel names used by the Electron binding; derived here so nobody writes them by hand. */
export const ipcChannels = {
  command: 'parley:command',
  event: 'parley:event',
  /** Preload → main only (never exposed to the renderer): register a dropped file's path. */
  grantFile: 'parley:grant-file',
  /** Main shows the OS open dialog and answers with grants, never paths. */
  pickFiles: 'parley:pick-files',
  /** The same, starting at a path the user typed (/sendfile PATH) for them to confirm. */
  pickFilesAt: 'parley:pick-files-at',
  /** Main shows the OS folder dialog (the downloads folder); the backend checks the answer. */
  pickFolder: 'parley:pick-folder',
} as const;

/** A file the user picked in main's open dialog: a one-use grant for files.send. */
export interface PickedFile {
  grant: string;
  name: string;
  size: number;
}

/** WebSocket frames of the dev/test host. */
export type WsFrame =
  | { kind: 'command'; id: number; name: string; payload: unknown }
  | { kind: 'result'; id: number; result: Result<unknown> }
  | { kind: 'event'; name: string; payload: unknown };
