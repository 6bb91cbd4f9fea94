// @parley/xmpp: one Session per account (connection layer in ./connection) and the pure
// protocol feature modules (./features), which parse and build stanzas.
export { Session, type AckBarrier } from './session.js';
export {
  DEFAULT_TIMEOUTS,
  type OnlineInfo,
  type SessionEvents,
  type SessionOptions,
  type ProxyConfig,
  type SessionStateChange,
  type SessionTimeouts,
  type TrackedOutcome,
} from './connection/options.js';
export {
  SessionError,
  isFatal,
  unreachableReason,
  type SessionErrorCode,
} from './connection/errors.js';
export { normalizeFingerprint, type Trust } from './connection/certificate.js';
export { PreauthStream, type PreauthOptions } from './connection/preauth.js';
export { DEFAULT_BACKOFF, backoffDelay, type BackoffOptions } from './connection/backoff.js';
// The proxy handshakes, for other connections of an account behind a proxy (file transfers).
export { socks5Handshake } from './connection/proxy-socks.js';
export { httpConnectHandshake } from './connection/proxy-http.js';
export {
  proxyUnreachable,
  type ProxyHandshake,
  type ProxyTarget,
} from './connection/proxy-shared.js';
export { handleServiceIq, PARLEY_VERSION } from './service-iq.js';
export * from './stanza.js';
export * from './features/index.js';
export * from './message/index.js';
export * from './modules/index.js';
export * from './outgoing/index.js';
export * from './console/index.js';
