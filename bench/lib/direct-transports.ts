/**
 * The direct-transfer transports a bench can pick by name: the ones a backend offers by
 * default, with the data channel's ICE kept on loopback (host candidates on 127.0.0.1 only, no
 * STUN/TURN) so its bytes never leave the machine.
 */
import type { DirectTransport } from '@parley/contract';
import { defaultDirectTransports } from '../../packages/backend/src/runtime/files/direct/available-transports.js';
import type { DirectTransportKind } from '../../packages/backend/src/runtime/files/direct/transport.js';
import { webrtcTransportKind } from '../../packages/backend/src/runtime/files/direct/webrtc-transport.js';

export type TransportName = DirectTransport;

export function benchTransports(names: readonly TransportName[]): DirectTransportKind[] {
  return defaultDirectTransports()
    .map((k) =>
      k.kind === 'webrtc'
        ? webrtcTransportKind({
            iceServers: () => Promise.resolve([]),
            hostAddresses: ['127.0.0.1'],
          })
        : k,
    )
    .filter((k) => names.includes(k.kind));
}

/** The transports this build offers, in the order Parley tries them. */
export function availableTransports(): TransportName[] {
  return defaultDirectTransports().map((k) => k.kind);
}
