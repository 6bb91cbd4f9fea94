export { startProsody, type StartOptions, type TestServer, type TestUser } from './prosody.js';
export { makeCertificates, type Certificates } from './certs.js';
export type { LogLevel, TurnOptions } from './config.js';
export { SPAM_REPORT_LOG } from './spam-reporting-module.js';
export { streamHeader } from './probe.js';
export {
  injectBeforeTls,
  startProxy,
  type ChunkEditor,
  type RelayDirection,
  type TestProxy,
} from './proxy.js';
export { startSocksProxy } from './socks-proxy.js';
export { startConnectProxy } from './connect-proxy.js';
export type { ForwardProxyOptions, ProxyRequest, TestForwardProxy } from './proxy-common.js';
export { startCrowd, type Crowd, type CrowdOptions, type CrowdServer } from './crowd.js';
export { connectComponent, type ComponentConnection } from './component.js';
export { createRoom, joinRoom, leaveRoom, type Joined, type StanzaClient } from './room.js';
export { testClient, trustCa, type TestClient } from './xmpp-client.js';
export {
  acceptLogin,
  serverHeader,
  startFakeServer,
  type FakeConnection,
  type FakeServer,
  type FakeServerOptions,
} from './fake-server.js';
export {
  ejabberdUnavailable,
  startEjabberd,
  type EjabberdServer,
  type EjabberdStartOptions,
} from './ejabberd.js';
export { startCoturn, type TestTurnServer } from './coturn.js';
export { turnAllocate } from './turn-client.js';
export { bundleNodeEntry } from './bundle-node.js';
