import { startProsody, startProxy, type TestProxy, type TestServer } from '@parley/testkit';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { Session, type SessionOptions } from '../index.js';

export interface SessionFixture {
  readonly server: TestServer;
  /** A relay in front of the server, for cuts and injection; sessions use it when asked. */
  readonly proxy: TestProxy;
  /** A Session for local@localhost, straight to the server unless `over.port` says otherwise;
   * stopped after each test. */
  open(local: string, password: string, over?: Partial<SessionOptions>): Session;
}

/**
 * Integration set-up shared by the session tests: one Prosody with alice and bob and one relay
 * for the file, fresh sessions per test (fast reconnects), everything stopped at the end.
 */
export function sessionFixture(options: { afterEach?: (f: SessionFixture) => void } = {}) {
  let server: TestServer | undefined;
  let proxy: TestProxy | undefined;
  let sessions: Session[] = [];
  const fixture: SessionFixture = {
    get server() {
      if (!server) throw new Error('the test server is not started');
      return server;
    },
    get proxy() {
      if (!proxy) throw new Error('the relay is not started');
      return proxy;
    },
    open(local, password, over = {}) {
      const s = new Session({
        jid: `${local}@localhost`,
        password,
        resource: 'desk',
        host: fixture.server.host,
        port: fixture.server.c2sPort,
        tlsMode: 'starttls',
        trust: { caPem: fixture.server.caPem },
        reconnect: { minDelayMs: 50, maxDelayMs: 500, factor: 1.5 },
        ...over,
      });
      sessions.push(s);
      return s;
    },
  };
  beforeAll(async () => {
    server = await startProsody({
      users: [
        { local: 'alice', password: 'a' },
        { local: 'bob', password: 'b' },
      ],
    });
    proxy = await startProxy(server.c2sPort);
  });
  afterEach(async () => {
    options.afterEach?.(fixture);
    await Promise.all(sessions.map((s) => s.stop()));
    sessions = [];
  });
  afterAll(async () => {
    await proxy?.close();
    await server?.stop();
  });
  return fixture;
}
