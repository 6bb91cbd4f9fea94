export { startProsody, type StartOptions, type TestServer, type TestUser } from './prosody.js';
export { makeCertificates, type Certificates } from './certs.js';
export type { LogLevel } from './config.js';
export { streamHeader } from './probe.js';
export { startProxy, type TestProxy } from './proxy.js';
