import type { TlsMode } from '@parley/contract';
import { jid as parseJid } from '@xmpp/jid';
import xml, { type Element } from '@xmpp/xml';
import { withTimeout } from './deferred.js';
import { dial, endpoints } from './dial.js';
import { SessionError, toSessionError } from './errors.js';
import type { Trust } from './certificate.js';
import type { ProxyConfig } from './proxy-shared.js';
import type { XmppSocket } from './socket.js';
import { exchange } from './wait.js';
import { XmppConnection } from './xmpp-connection.js';

const NS_STREAM = 'http://etherx.jabber.org/streams';
const NS_TLS = 'urn:ietf:params:xml:ns:xmpp-tls';

export interface PreauthOptions {
  /** The server's domain: the name its certificate must be valid for. */
  domain: string;
  host?: string | null;
  port?: number | null;
  tlsMode: TlsMode;
  trust: Trust;
  /**
   * Set: the stream is dialled through it exactly as a login would be (the proxy resolves the
   * server's name, no SRV lookup here, never a direct fallback).
   */
  proxy?: ProxyConfig | null;
  /** Per step: connect, TLS, each stream opening, each iq. */
  timeoutMs?: number;
}

/**
 * A stream that is encrypted and verified but not authenticated: the one place where an iq may
 * be sent before login (XEP-0077 in-band registration). Kept apart from the session stack so
 * that nothing of it can deliver stanzas to an account: it only answers its own iq requests.
 * Same dialler, same TLS verification and pinning as a login; never a byte of iq before TLS.
 */
export class PreauthStream {
  private closed = false;

  private constructor(
    private readonly entity: XmppConnection,
    readonly domain: string,
    private readonly timeoutMs: number,
    /** The stream features offered over TLS (e.g. http://jabber.org/features/iq-register). */
    readonly features: Element,
  ) {
    entity.on('disconnect', () => {
      this.closed = true;
    });
  }

  static async open(options: PreauthOptions): Promise<PreauthStream> {
    const domain = parseJid(options.domain).bare().toString();
    const timeoutMs = options.timeoutMs ?? 15_000;
    const tls = { domain, trust: options.trust, timeoutMs };
    const proxy = options.proxy ?? null;
    const entity = new XmppConnection(
      { domain, timeout: timeoutMs },
      async () => dial(await endpoints(domain, { ...options, proxy }), { ...tls, proxy }),
      () => {},
    );
    // Connection errors are reported through the awaited steps; without a listener an 'error'
    // event would be thrown out of the socket handler.
    entity.on('error', () => {});
    try {
      await withTimeout(entity.connect(), timeoutMs * 2);
      let features = await openStream(entity, domain, timeoutMs, false);
      if (!entity.isSecure()) {
        if (!features.getChild('starttls', NS_TLS)) {
          throw new SessionError(
            'tls-failed',
            `${domain} does not offer encryption (STARTTLS); Parley does not sign up over plain text`,
          );
        }
        const answer = await exchange(
          entity,
          xml('starttls', { xmlns: NS_TLS }),
          (el) => el.getNS() === NS_TLS,
          timeoutMs,
          'STARTTLS request',
        );
        if (!answer.is('proceed'))
          throw new SessionError('tls-failed', `${domain} refused to start TLS`);
        await (entity.socket as XmppSocket).startTls({ ...tls, directTls: false });
        features = await openStream(entity, domain, timeoutMs, true);
      }
      return new PreauthStream(entity, domain, timeoutMs, features);
    } catch (err) {
      destroy(entity);
      const error = err instanceof Error && err.message === 'timeout' ? timedOut(domain) : err;
      throw toSessionError(error, { jid: domain, domain });
    }
  }

  get isOpen(): boolean {
    return !this.closed && this.entity.socket !== null;
  }

  /**
   * Sends an iq get/set and resolves with its result. Only an answer from the server itself
   * (no 'from', or its bare domain) with our id counts; everything else on the stream is
   * ignored. Rejects with 'stanza-error' (condition set, the error stanza as `cause`),
   * 'timeout' or 'not-connected'.
   */
  iq(request: Element, timeoutMs = this.timeoutMs): Promise<Element> {
    const id = request.attrs.id ?? `reg-${crypto.randomUUID()}`;
    request.attrs.id = id;
    const { entity, domain } = this;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => done(new SessionError('timeout', `${domain} did not answer in time`)),
        timeoutMs,
      );
      const onStanza = (el: Element): void => {
        if (el.name !== 'iq' || el.attrs.id !== id || !fromServer(el.attrs.from, domain)) return;
        if (el.attrs.type === 'result') done(null, el);
        else if (el.attrs.type === 'error') done(stanzaError(el));
      };
      const onDisconnect = (): void =>
        done(new SessionError('not-connected', `${domain} closed the connection`));
      function done(err: unknown, el?: Element): void {
        clearTimeout(timer);
        entity.off('stanza', onStanza);
        entity.off('disconnect', onDisconnect);
        if (el) resolve(el);
        else reject(err);
      }
      if (!this.isOpen) {
        done(new SessionError('not-connected', `The connection to ${domain} is closed`));
        return;
      }
      entity.on('stanza', onStanza);
      entity.on('disconnect', onDisconnect);
      entity.send(request).catch(() => onDisconnect());
    });
  }

  /** Ends the stream politely (bounded), then drops the socket. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await withTimeout(this.entity.disconnect(), 2_000).catch(() => {});
    destroy(this.entity);
  }
}

/** Opens (or restarts) the stream and waits for its features. */
async function openStream(
  entity: XmppConnection,
  domain: string,
  timeoutMs: number,
  restart: boolean,
): Promise<Element> {
  // Listening before the header goes out: the features may arrive in the same read as the
  // server's header, before open() resolves.
  const features = exchange(
    entity,
    null,
    (el) => el.is('features', NS_STREAM),
    timeoutMs,
    'stream opening',
  );
  const opened = restart ? entity.restart() : entity.open({ domain });
  const [, el] = await Promise.all([opened, features]);
  return el;
}

function fromServer(from: string | undefined, domain: string): boolean {
  if (from === undefined || from === '') return true;
  try {
    const parsed = parseJid(from);
    return !parsed.local && !parsed.resource && parsed.domain === domain;
  } catch {
    return false;
  }
}

function stanzaError(iq: Element): SessionError {
  const error = iq.getChild('error');
  const condition =
    error?.getChildElements().find((c) => c.name !== 'text')?.name ?? 'undefined-condition';
  const text = error?.getChildText('text') ?? '';
  return new SessionError('stanza-error', text || condition, { condition, cause: iq });
}

function timedOut(domain: string): SessionError {
  return new SessionError('host-unreachable', `${domain} did not answer in time`);
}

function destroy(entity: XmppConnection): void {
  const socket = entity.socket as XmppSocket | null;
  if (socket) {
    entity._detachSocket();
    socket.destroy();
  }
  entity._detachParser();
}
