import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

/** Which way bytes go through the relay. */
export type RelayDirection = 'to-client' | 'to-server';

/** Rewrites one connection's chunks in one direction: returns what to forward instead. */
export type ChunkEditor = (chunk: Buffer) => Buffer;

/**
 * A TCP relay for integration tests: lets a test cut or silently black-hole live connections
 * (a NAT timeout or a suspended laptop look like the latter) while new ones pass, and play a
 * man in the middle on the part of a connection that is not yet encrypted.
 */
export interface TestProxy {
  port: number;
  /** Stop relaying bytes on the current connections, without closing them. */
  blackhole(): void;
  /** Reset every current connection. */
  cut(): void;
  /** Reset every current connection and refuse new ones for `ms` (the server looks down). */
  outage(ms: number): void;
  /**
   * For connections accepted from now on, passes every chunk going `direction` through an
   * editor made by `makeEditor` (one per connection, so it may keep state). null: stop.
   */
  rewrite(direction: RelayDirection, makeEditor: (() => ChunkEditor) | null): void;
  close(): Promise<void>;
}

/**
 * An editor for 'to-client' that appends `text` to the server's first <stream:features> of a
 * connection: on a STARTTLS connection that is still plain text (before <proceed/>), i.e.
 * what anyone on the path can inject.
 */
export function injectBeforeTls(text: string): () => ChunkEditor {
  return () => {
    let done = false;
    return (chunk) => {
      if (done || !chunk.includes('</stream:features>')) return chunk;
      done = true;
      return Buffer.concat([chunk, Buffer.from(text)]);
    };
  };
}

export async function startProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TestProxy> {
  const pairs = new Set<{ a: Socket; b: Socket; dead: boolean }>();
  let refuseUntil = 0;
  const editors: Record<RelayDirection, (() => ChunkEditor) | null> = {
    'to-client': null,
    'to-server': null,
  };
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
    const toServer = editors['to-server']?.() ?? ((d: Buffer) => d);
    const toClient = editors['to-client']?.() ?? ((d: Buffer) => d);
    a.on('data', (d: Buffer) => void (pair.dead || b.write(toServer(d))));
    b.on('data', (d: Buffer) => void (pair.dead || a.write(toClient(d))));
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
    rewrite: (direction, makeEditor) => {
      editors[direction] = makeEditor;
    },
    close: async () => {
      pairs.forEach((p) => (p.a.destroy(), p.b.destroy()));
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
