// The transports this backend offers for direct transfers, best first; tests give their own
// (see BackendOptions). SOCKS5 leads: on one machine it carried files about 12 times faster
// than the data channel (werift's SCTP does per-packet work in JavaScript; docs/benchmarks.md),
// and with the server's proxy it also crosses NATs. The data channel (ICE with the server's
// STUN/TURN) comes next, for when neither direct nor proxy connects; in-band bytestreams last.
import { ibbTransportKind } from './ibb-transport.js';
import { s5bTransportKind } from './s5b-transport.js';
import type { DirectTransportKind } from './transport.js';
import { serverIceServers, webrtcTransportKind } from './webrtc-transport.js';

export function defaultDirectTransports(): DirectTransportKind[] {
  return [
    s5bTransportKind(),
    webrtcTransportKind({ iceServers: serverIceServers() }),
    ibbTransportKind(),
  ];
}
