import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { CrowdOptions, CrowdServer } from '@parley/testkit';
import type { CrowdReply, CrowdRequest } from './crowd-child.js';

export interface RemoteCrowd {
  occupants: string[];
  /** One groupchat message from occupant `from`; resolves once written. */
  send(from: number, body: string): Promise<void>;
  /** `count` messages `${prefix}0…` (ids m0…) from occupant `from`, as fast as the socket takes them. */
  blast(from: number, count: number, prefix: string): Promise<void>;
  close(): Promise<void>;
}

/** A testkit crowd (startCrowd) in its own process; see crowd-child.ts for why. */
export async function startRemoteCrowd(
  server: CrowdServer,
  options: CrowdOptions,
  timeoutMs = 300_000,
): Promise<RemoteCrowd> {
  const child = fork(join(import.meta.dirname, 'crowd-child.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const killOnExit = (): void => void child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const waiting = new Map<number, (reply: CrowdReply) => void>();
  child.on('message', (reply: CrowdReply) => waiting.get(reply.seq)?.(reply));
  let seq = 0;
  const call = (request: CrowdRequest): Promise<CrowdReply & { ok: true }> =>
    new Promise((resolve, reject) => {
      const id = seq++;
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new Error(`crowd ${request.op}: no answer in ${timeoutMs} ms`));
      }, timeoutMs);
      const onExit = (): void => reject(new Error(`crowd process exited during ${request.op}`));
      child.once('exit', onExit);
      waiting.set(id, (reply) => {
        clearTimeout(timer);
        child.off('exit', onExit);
        waiting.delete(id);
        if (reply.ok) resolve(reply);
        else reject(new Error(`crowd ${request.op}: ${reply.error}`));
      });
      child.send({ seq: id, request });
    });
  const started = await call({ op: 'start', server, options });
  return {
    occupants: started.occupants ?? [],
    send: async (from, body) => void (await call({ op: 'send', from, body })),
    blast: async (from, count, prefix) => void (await call({ op: 'blast', from, count, prefix })),
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      await call({ op: 'close' }).catch(() => child.kill('SIGKILL'));
      await exited;
      process.off('exit', killOnExit);
    },
  };
}
