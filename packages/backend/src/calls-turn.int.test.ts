import {
  startCoturn,
  startProsody,
  turnAllocate,
  type TestServer,
  type TestTurnServer,
} from '@parley/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login } from './test-support/accounts.js';
import type { Harness } from './test-support/harness.js';

// XEP-0215: TURN credentials from Prosody's mod_turn_external, checked against coturn.
let turn: TestTurnServer;
let server: TestServer;
const opened: Harness[] = [];

beforeAll(async () => {
  turn = await startCoturn();
  server = await startProsody({ turn: { secret: turn.secret, host: turn.host, port: turn.port } });
});
afterAll(async () => {
  await Promise.all(opened.map((h) => h.close(true)));
  await Promise.all([server?.stop(), turn?.stop()]);
});

describe('ICE servers (XEP-0215)', () => {
  it('hands out the server’s STUN and TURN servers with credentials that open a relay', async () => {
    await server.createUser('turner', 'turner-pw');
    const d = await login(server, opened, 'turner');
    const { servers } = await d.h.call('calls.iceServers', { accountId: d.account.id });
    expect(servers.map((s) => s.urls[0])).toEqual([
      `stun:127.0.0.1:${turn.port}`,
      `turn:127.0.0.1:${turn.port}?transport=udp`,
    ]);
    const relay = servers.find((s) => s.urls[0]!.startsWith('turn:'))!;
    expect(relay.username).toMatch(/^\d+/u);
    expect(relay.expiresAt).toBeGreaterThan(Date.now());
    const allocated = await turnAllocate({
      host: turn.host,
      port: turn.port,
      username: relay.username!,
      password: relay.credential!,
    });
    expect(allocated.address).toBe('127.0.0.1');
    // Wrong credentials are refused: the relay is the server's, not anyone's.
    await expect(
      turnAllocate({
        host: turn.host,
        port: turn.port,
        username: relay.username!,
        password: 'wrong',
      }),
    ).rejects.toThrow(/401/u);
    // Cached until the credentials near their expiry: the same ones again.
    const again = await d.h.call('calls.iceServers', { accountId: d.account.id });
    expect(again.servers).toEqual(servers);
  });
});
