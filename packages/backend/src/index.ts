export { createBackend, type Backend, type BackendOptions } from './backend.js';
export { startWsHost, type WsHost, type WsHostOptions } from './host/ws-host.js';
export { connectNodeClient, hostSocket } from './host/node-client.js';
export { hostCliSource, spawnHost, type SpawnedHost } from './host/spawn-host.js';
export { HEAD_BYTES, openDirectly } from './runtime/files/file-kinds.js';
export { rendererCsp } from './host/csp.js';
export { startNodeBackend, forkBackendChild, type NodeBackend } from './host/node-backend.js';
