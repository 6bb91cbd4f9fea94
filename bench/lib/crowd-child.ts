/**
 * Child-process end of lib/remote-crowd.ts: runs a testkit crowd and does what the parent asks
 * over IPC. A separate process so that the sender's writes and the crowd's parsing never wait
 * for (or steal turns from) the receiver being measured in the bench process.
 */
import { startCrowd, type Crowd, type CrowdOptions, type CrowdServer } from '@parley/testkit';

export type CrowdRequest =
  | { op: 'start'; server: CrowdServer; options: CrowdOptions }
  | { op: 'send'; from: number; body: string }
  | { op: 'blast'; from: number; count: number; prefix: string }
  | { op: 'close' };

export type CrowdReply = { seq: number } & (
  { ok: true; occupants?: string[]; received?: number } | { ok: false; error: string }
);

let crowd: Crowd | null = null;

async function handle(request: CrowdRequest): Promise<Omit<CrowdReply & { ok: true }, 'seq'>> {
  if (request.op === 'start') {
    crowd = await startCrowd(request.server, request.options);
    return { ok: true, occupants: crowd.occupants };
  }
  if (!crowd) throw new Error('crowd not started');
  if (request.op === 'send') await crowd.sendGroupchat(request.from, request.body);
  else if (request.op === 'blast')
    for (let i = 0; i < request.count; i++)
      await crowd.sendGroupchat(request.from, `${request.prefix}${i}`, `m${i}`);
  else {
    await crowd.close();
    setImmediate(() => process.exit(0));
  }
  return { ok: true, received: crowd.received() };
}

process.on('message', (message: { seq: number; request: CrowdRequest }) => {
  handle(message.request).then(
    (reply) => process.send?.({ seq: message.seq, ...reply }),
    (err: unknown) =>
      process.send?.({
        seq: message.seq,
        ok: false,
        error: err instanceof Error ? err.message : String(err),
      }),
  );
});
// The parent gone means the bench is over.
process.on('disconnect', () => process.exit(0));
