// The transports this backend offers for direct transfers, in TRANSPORT_ORDER. The XEP-0343
// data channel joins this list when it is built; tests give their own (see BackendOptions).
import { ibbTransportKind } from './ibb-transport.js';
import { s5bTransportKind } from './s5b-transport.js';
import type { DirectTransportKind } from './transport.js';
import { serverIceServers, webrtcTransportKind } from './webrtc-transport.js';

export function defaultDirectTransports(): DirectTransportKind[] {
  return [
    webrtcTransportKind({ iceServers: serverIceServers() }),
    s5bTransportKind(),
    ibbTransportKind(),
  ];
}
