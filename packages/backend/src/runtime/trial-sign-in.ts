import { randomBytes } from 'node:crypto';
import type { SignupFailure, TlsMode } from '@parley/contract';
import type { ProxyRecord } from '@parley/store';
import { Session, SessionError, type Trust } from '@parley/xmpp';

export interface TrialSettings {
  jid: string;
  password: string;
  host: string | null;
  port: number | null;
  tlsMode: TlsMode;
  /** null: connect directly. Set: only through it (the dialler never goes around it). */
  proxy: ProxyRecord | null;
}

/**
 * One login (connect, TLS, authenticate, bind) with settings that are not saved yet, then a
 * clean close. Resolves null when it worked, else why not in words, with the certificate when
 * it was the certificate. Nothing received on the way is kept: the session has no listener
 * for stanzas, and it is stopped before the account exists.
 */
export async function trialSignIn(
  settings: TrialSettings,
  trust: Trust,
  loginMs = 30_000,
): Promise<SignupFailure | null> {
  const session = new Session({
    jid: settings.jid,
    password: settings.password,
    // Not the account's resource: the trial must not look like (or kick) a real session.
    resource: `parley.trial.${randomBytes(4).toString('hex')}`,
    host: settings.host,
    port: settings.port,
    tlsMode: settings.tlsMode,
    trust,
    proxy: settings.proxy,
    timeouts: { loginMs, connectMs: Math.min(loginMs, 10_000) },
  });
  session.on('warning', () => {});
  try {
    await session.start();
    return null;
  } catch (err) {
    return toFailure(err);
  } finally {
    await session.stop().catch(() => {});
  }
}

export function toFailure(err: unknown): SignupFailure {
  if (!(err instanceof SessionError)) {
    return {
      code: 'unknown',
      message: err instanceof Error ? err.message : String(err),
      certificate: null,
    };
  }
  const code =
    err.code === 'not-connected' || err.code === 'session-lost'
      ? 'host-unreachable'
      : err.code === 'stanza-error' || err.code === 'stopped'
        ? 'unknown'
        : err.code;
  const text = err.text ? { text: err.text } : {};
  return { code, message: err.message, ...text, certificate: err.certificate };
}
