import { startProsody, startProxy, type TestProxy, type TestServer } from '@parley/testkit';
import xml from '@xmpp/xml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Session } from './index.js';

let server: TestServer;
let proxy: TestProxy;
const sessions: Session[] = [];

beforeAll(async () => {
  server = await startProsody({ users: [{ local: 'alice', password: 'a' }] });
  proxy = await startProxy(server.c2sPort);
});
afterAll(async () => {
  await Promise.all(sessions.map((s) => s.stop()));
  await proxy?.close();
  await server?.stop();
});

/** The parts of @xmpp/stream-management this test puts into the state a lost enable leaves. */
interface SmState {
  id: string;
  outbound_q: unknown[];
}

describe('a stream lost between <enable/> and <enabled/>', () => {
  it('fails what it had queued and the next session comes online', async () => {
    const session = new Session({
      jid: 'alice@localhost',
      password: 'a',
      resource: 'desk',
      host: server.host,
      port: proxy.port,
      tlsMode: 'starttls',
      trust: { caPem: server.caPem },
      reconnect: { minDelayMs: 50, maxDelayMs: 500, factor: 1.5 },
    });
    sessions.push(session);
    await session.start();
    // No answer comes back any more, so the stanza below stays in stream management's queue.
    proxy.blackhole();
    const message = xml('message', { to: 'alice@localhost', type: 'chat' }, xml('body', {}, 'x'));
    const tracked = session.sendTracked(message);
    tracked.catch(() => {});
    // What a stream that sent <enable/> but never got <enabled/> leaves behind: stanzas queued
    // and no session id to resume them with.
    const sm = (session as unknown as { link: { stack: { sm: SmState } } }).link.stack.sm;
    await new Promise((r) => setTimeout(r, 50));
    expect(sm.outbound_q.length).toBeGreaterThan(0);
    sm.id = '';
    const back = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 15_000);
      session.once('online', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    proxy.cut();
    expect(await back).toBe(true);
    await expect(tracked).rejects.toMatchObject({ code: 'session-lost' });
    expect(session.state).toBe('online');
  });
});
