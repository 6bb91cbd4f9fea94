/**
 * A Parley backend (harness: real backend, encrypted store) logged in as one user, in its own
 * process, driven over IPC by bench/lib/direct-peer.ts. A direct transfer's two ends then run on
 * two cores as on two machines, instead of sharing one event loop (werift is CPU-bound).
 * It answers every subscription request with an accept, and forwards the events a bench waits
 * for (transfers, messages).
 */
import type { EventPayload } from '@parley/contract';
import { startHarness, type Harness } from '../../packages/backend/src/test-support/harness.js';
import { addOnlineAccount } from '../../packages/backend/src/test-support/accounts.js';
import { benchTransports, type TransportName } from './direct-transports.js';

export interface PeerStart {
  server: { domain: string; host: string; c2sPort: number; caPem: string };
  local: string;
  password: string;
  transports: TransportName[];
  downloadDir: string;
}
export type PeerRequest = { seq: number } & (
  | { op: 'start'; start: PeerStart }
  | { op: 'call'; name: string; request: unknown }
  | { op: 'stop' }
);
export type PeerReply =
  | { seq: number; ok: true; value: unknown }
  | { seq: number; ok: false; error: string }
  | { event: string; payload: unknown };

const FORWARDED = new Set(['transfer.changed', 'message.added', 'subscription.requested']);
let h: Harness | null = null;

async function handle(request: PeerRequest): Promise<unknown> {
  switch (request.op) {
    case 'start': {
      const { server, local, password, transports, downloadDir } = request.start;
      h = startHarness({
        caPem: server.caPem,
        validateEvents: false,
        downloadDir,
        directTransports: benchTransports(transports),
      });
      h.backend.onEvent((name, payload) => {
        if (FORWARDED.has(name)) process.send?.({ event: name, payload });
        if (name !== 'subscription.requested') return;
        const asked = payload as EventPayload<'subscription.requested'>;
        h?.call('subscriptions.answer', {
          accountId: asked.accountId,
          jid: asked.jid,
          accept: true,
        }).catch((e: unknown) => console.error('direct-peer: answering the subscription:', e));
      });
      return addOnlineAccount(h, server, local, { password });
    }
    case 'call':
      if (!h) throw new Error('not started');
      return h.call(request.name as never, request.request as never);
    case 'stop':
      await h?.close(true);
      setImmediate(() => process.exit(0));
      return null;
  }
}

process.on('message', (request: PeerRequest) => {
  handle(request).then(
    (value) => process.send?.({ seq: request.seq, ok: true, value }),
    (error: unknown) => process.send?.({ seq: request.seq, ok: false, error: String(error) }),
  );
});
