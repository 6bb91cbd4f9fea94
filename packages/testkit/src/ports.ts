import net from 'node:net';

/**
 * Ask the kernel for a free loopback port by binding port 0 and closing again.
 * There is a window in which someone else may take it, so callers retry the
 * whole start when Prosody reports it could not bind.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen({ host: '127.0.0.1', port: 0, exclusive: true }, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}

/** Distinct free ports; distinct because closing one before the next bind could hand it back. */
export async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  for (let tries = 0; ports.size < count && tries < count * 20; tries++)
    ports.add(await freePort());
  if (ports.size < count) throw new Error(`could not find ${count} distinct free ports`);
  return [...ports];
}

/** One TCP connect attempt, bounded so a black-holed SYN cannot stall the caller. */
export function canConnect(port: number, host = '127.0.0.1', timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ host, port });
    const done = (ok: boolean): void => {
      clearTimeout(timer);
      sock.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}
