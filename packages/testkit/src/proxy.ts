import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

/**
 * A TCP relay for integration tests: lets a test cut or silently black-hole live connections
 * (a NAT timeout or a suspended laptop look like the latter) while new ones pass.
 */
export interface TestProxy {
  port: number;
  /** Stop relaying bytes on the current connections, without closing them. */
  blackhole(): void;
  /** Reset every current connection. */
  cut(): void;
  /** Reset every current connection and refuse new ones for `ms` (the server looks down). */
  outage(ms: number): void;
  close(): Promise<void>;
}

export async function startProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TestProxy> {
  const pairs = new Set<{ a: Socket; b: Socket; dead: boolean }>();
  let refuseUntil = 0;
  const server = createServer((a) => {
    if (Date.now() < refuseUntil) {
      a.resetAndDestroy();
      return;
    }
    const b = connect({ host: targetHost, port: targetPort });
    const pair = { a, b, dead: false };
    pairs.add(pair);
    a.setNoDelay(true);
    b.setNoDelay(true);
    a.on('data', (d) => void (pair.dead || b.write(d)));
    b.on('data', (d) => void (pair.dead || a.write(d)));
    const end = (): void => {
      pairs.delete(pair);
      a.destroy();
      b.destroy();
    };
    a.on('close', end).on('error', end);
    b.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    blackhole: () => pairs.forEach((p) => (p.dead = true)),
    cut: () => pairs.forEach((p) => (p.a.resetAndDestroy(), p.b.destroy())),
    outage: (ms) => {
      refuseUntil = Date.now() + ms;
      pairs.forEach((p) => (p.a.resetAndDestroy(), p.b.destroy()));
    },
    close: async () => {
      pairs.forEach((p) => (p.a.destroy(), p.b.destroy()));
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
