import { RTCPeerConnection } from 'werift';
const total = Number(process.env.MB ?? 20) * 1024 * 1024;
const msg = Number(process.env.MSG ?? 65536);
const mtu = Number(process.env.MTU ?? 1191);
const cfg = () => ({ sctp: { mtu }, maxMessageSize: 1 << 20, iceAdditionalHostAddresses: ['127.0.0.1'], iceUseIpv6: false, iceInterfaceAddresses: undefined } as any);
const a = new RTCPeerConnection(cfg());
const b = new RTCPeerConnection(cfg());
a.onIceCandidate.subscribe((c) => c && b.addIceCandidate(c));
b.onIceCandidate.subscribe((c) => c && a.addIceCandidate(c));
const dc = a.createDataChannel('f');
await a.setLocalDescription(await a.createOffer());
await b.setRemoteDescription(a.localDescription!);
await b.setLocalDescription(await b.createAnswer());
await a.setRemoteDescription(b.localDescription!);
let got = 0; let t0 = 0;
const done = new Promise<void>((res) => b.onDataChannel.subscribe((ch) => ch.onMessage.subscribe((m) => { got += (m as Buffer).length; if (got >= total) res(); })));
await new Promise<void>((res) => dc.stateChanged.subscribe((s) => s === 'open' && res()));
console.log('remote max', a.sctpTransport?.remoteMaxMessageSize, 'mps', (a.sctpTransport as any).sctp.maxPayloadSize);
t0 = performance.now();
const buf = Buffer.alloc(msg, 7);
let sent = 0;
dc.bufferedAmountLowThreshold = 1 << 20;
while (sent < total) {
  while (dc.bufferedAmount < 4 << 20 && sent < total) { dc.send(buf); sent += msg; }
  if (sent < total) await new Promise<void>((r) => { const s = dc.bufferedAmountLow.subscribe(() => { s.unSubscribe(); r(); }); });
}
await done;
const s = (performance.now() - t0) / 1000;
console.log(`msg ${msg} mtu ${mtu}: ${(total / 1e6 / s).toFixed(2)} MB/s`);
await a.close(); await b.close(); process.exit(0);
