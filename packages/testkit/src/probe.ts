import net from 'node:net';

/** The stream header every test client opens with (RFC 6120 §4.7). */
export function streamHeader(domain: string): string {
  return `<?xml version='1.0'?><stream:stream to='${domain}' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>`;
}

/**
 * Open a plain TCP connection, send a stream header and collect the reply until
 * `done(text)` says enough or the timeout hits. Used for readiness (a reply
 * proves Prosody's event loop runs, so every listener has been attempted) and
 * by tests.
 */
export function xmppProbe(
  port: number,
  domain: string,
  done: (text: string) => boolean = (t) => t.includes('</stream:features>'),
  timeoutMs = 1_000,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host: '127.0.0.1', port });
    let text = '';
    const finish = (err: Error | null): void => {
      clearTimeout(timer);
      sock.destroy();
      if (err) reject(err);
      else resolve(text);
    };
    const timer = setTimeout(
      () =>
        finish(new Error(`no stream features within ${timeoutMs} ms; got ${JSON.stringify(text)}`)),
      timeoutMs,
    );
    sock.setEncoding('utf8');
    sock.once('connect', () => sock.write(streamHeader(domain)));
    sock.on('data', (chunk: string) => {
      text += chunk;
      if (done(text)) finish(null);
    });
    sock.once('error', (e) => finish(e));
    sock.once('close', () =>
      finish(done(text) ? null : new Error(`closed early; got ${JSON.stringify(text)}`)),
    );
  });
}
