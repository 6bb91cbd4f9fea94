/** The receiving end of a direct-transfer bench in its own process (see direct-peer-child.ts). */
import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { Account, EventName, EventPayload } from '@parley/contract';
import type { PeerReply, PeerRequest, PeerStart } from './direct-peer-child.js';

type Request = PeerRequest extends infer R ? (R extends unknown ? Omit<R, 'seq'> : never) : never;

export interface DirectPeer {
  account: Account;
  call(name: string, request: unknown): Promise<unknown>;
  /** The next forwarded event `name` that matches. */
  waitFor<E extends EventName>(
    name: E,
    match: (payload: EventPayload<E>) => boolean,
    timeoutMs: number,
  ): Promise<EventPayload<E>>;
  stop(): Promise<void>;
}

export async function startDirectPeer(start: PeerStart, timeoutMs = 600_000): Promise<DirectPeer> {
  const child = fork(join(import.meta.dirname, 'direct-peer-child.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const killOnExit = (): void => void child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const waiting = new Map<number, (reply: PeerReply) => void>();
  const listeners = new Set<(event: string, payload: unknown) => void>();
  child.on('message', (reply: PeerReply) => {
    if ('event' in reply) listeners.forEach((l) => l(reply.event, reply.payload));
    else waiting.get(reply.seq)?.(reply);
  });
  let seq = 0;
  const ask = (request: Request): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const id = seq++;
      const timer = setTimeout(() => reject(new Error(`peer ${request.op}: no answer`)), timeoutMs);
      waiting.set(id, (reply) => {
        clearTimeout(timer);
        waiting.delete(id);
        if ('ok' in reply && reply.ok) resolve(reply.value);
        else reject(new Error(`peer ${request.op}: ${'error' in reply ? reply.error : '?'}`));
      });
      child.send({ ...request, seq: id });
    });
  const account = (await ask({ op: 'start', start })) as Account;
  return {
    account,
    call: (name, request) => ask({ op: 'call', name, request }),
    waitFor: (name, match, ms) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(listener);
          reject(new Error(`peer: no ${name} in ${ms} ms`));
        }, ms);
        const listener = (event: string, payload: unknown): void => {
          if (event !== name || !match(payload as EventPayload<typeof name>)) return;
          clearTimeout(timer);
          listeners.delete(listener);
          resolve(payload as never);
        };
        listeners.add(listener);
      }),
    async stop() {
      await ask({ op: 'stop' }).catch(() => {});
      process.off('exit', killOnExit);
    },
  };
}
