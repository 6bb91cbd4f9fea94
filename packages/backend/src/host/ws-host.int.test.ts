import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandFailure } from '@parley/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectNodeClient } from './node-client.js';
import { clientFrame, closeCode, rawRequest, upgradeRequest } from './raw-socket.js';
import { spawnHost, type SpawnedHost } from './spawn-host.js';
import { tokenProtocols } from './ws-auth.js';

let profile = '';
let host: SpawnedHost;
let port = 0;

beforeAll(async () => {
  profile = mkdtempSync(join(tmpdir(), 'parley-ws-host-'));
  host = await spawnHost({ profile, timeoutMs: 30_000 });
  port = Number(new URL(host.origin).port);
});
afterAll(async () => {
  await host?.stop();
  rmSync(profile, { recursive: true, force: true });
});

/** The host process is still there and still serves a client holding the token. */
async function stillServes(): Promise<void> {
  expect(host.child.exitCode).toBeNull();
  expect(host.child.signalCode).toBeNull();
  const client = await connectNodeClient(host.url);
  try {
    expect(await client.call('accounts.list', {})).toBeInstanceOf(Array);
  } finally {
    client.close();
  }
}

const good = () => ({
  Host: `127.0.0.1:${port}`,
  'Sec-WebSocket-Protocol': tokenProtocols(host.token).join(', '),
});

async function upgrade(headers: Record<string, string>): Promise<number> {
  const reply = await rawRequest(port, upgradeRequest(headers));
  reply.socket.destroy();
  return reply.status;
}

/** An accepted raw WebSocket: the test writes frames itself. */
async function openRaw() {
  const reply = await rawRequest(port, upgradeRequest(good()));
  expect(reply.status).toBe(101);
  expect(reply.head).toMatch(/^Sec-WebSocket-Protocol: parley$/im);
  return reply;
}

describe('the WebSocket host refuses whoever lacks the token, a foreign name or origin', () => {
  it('prints a page URL carrying a random token', () => {
    expect(host.url).toBe(`${host.origin}/#token=${host.token}`);
    expect(host.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('accepts the token holder and answers the one subprotocol without the token', async () => {
    expect(await upgrade(good())).toBe(101);
    expect(await upgrade({ ...good(), Host: `localhost:${port}` })).toBe(101);
    expect(await upgrade({ ...good(), Origin: `http://127.0.0.1:${port}` })).toBe(101);
    await stillServes();
  });

  it('refuses no token and a wrong token', async () => {
    expect(await upgrade({ Host: `127.0.0.1:${port}` })).toBe(401);
    expect(await upgrade({ Host: `127.0.0.1:${port}`, 'Sec-WebSocket-Protocol': 'parley' })).toBe(
      401,
    );
    const wrong = tokenProtocols(host.token.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')));
    expect(
      await upgrade({ Host: `127.0.0.1:${port}`, 'Sec-WebSocket-Protocol': wrong.join(', ') }),
    ).toBe(401);
    await expect(connectNodeClient(host.origin)).rejects.toThrow(/token/);
  });

  it('refuses a rebound name (DNS rebinding) and any other origin, Origin: null included', async () => {
    expect(await upgrade({ ...good(), Host: `attacker.example:${port}` })).toBe(403);
    expect(await upgrade({ ...good(), Host: `127.0.0.1:${port + 1}` })).toBe(403);
    // The rebinding page's own origin, even with a loopback Host.
    expect(await upgrade({ ...good(), Origin: `http://attacker.example:${port}` })).toBe(403);
    expect(await upgrade({ ...good(), Origin: 'null' })).toBe(403);
    expect(await upgrade({ ...good(), Origin: 'not a url' })).toBe(403);
    const page = await rawRequest(port, `GET / HTTP/1.1\r\nHost: attacker.example:${port}\r\n\r\n`);
    page.socket.destroy();
    expect(page.status).toBe(403);
    await stillServes();
  });
});

describe('nothing a client sends ends the host', () => {
  it('answers GET /% with 400', async () => {
    const reply = await rawRequest(port, `GET /% HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
    reply.socket.destroy();
    expect(reply.status).toBe(400);
    await stillServes();
  });

  it('closes on a malformed frame (reserved bits, unknown opcode, unmasked)', async () => {
    const rsv = await openRaw();
    const bad = clientFrame(1, Buffer.from('{}'));
    bad[0] = bad[0]! | 0x70; // RSV1-3 set without an extension.
    rsv.socket.write(bad);
    expect(await closeCode(rsv.socket, rsv.rest)).toBe(1002);

    const opcode = await openRaw();
    opcode.socket.write(clientFrame(0x3, Buffer.from('x')));
    expect(await closeCode(opcode.socket, opcode.rest)).toBe(1002);

    const unmasked = await openRaw();
    unmasked.socket.write(Buffer.from([0x81, 0x02, 0x7b, 0x7d]));
    expect(await closeCode(unmasked.socket, unmasked.rest)).toBe(1002);
    await stillServes();
  });

  it('closes with a reason on non-JSON, a non-command, binary, and a huge frame', async () => {
    const text = await openRaw();
    text.socket.write(clientFrame(1, Buffer.from('not json {')));
    expect(await closeCode(text.socket, text.rest)).toBe(1007);

    const notCommand = await openRaw();
    notCommand.socket.write(clientFrame(1, Buffer.from('{"kind":"result","id":1}')));
    expect(await closeCode(notCommand.socket, notCommand.rest)).toBe(1008);

    const binary = await openRaw();
    binary.socket.write(clientFrame(2, Buffer.from([1, 2, 3])));
    expect(await closeCode(binary.socket, binary.rest)).toBe(1003);

    // 1 GiB announced: refused from the header, nothing buffered.
    const huge = await openRaw();
    huge.socket.write(clientFrame(1, Buffer.from('{'), 1024 ** 3).subarray(0, 20));
    expect(await closeCode(huge.socket, huge.rest)).toBe(1009);

    // Invalid UTF-8 in a text frame.
    const utf8 = await openRaw();
    utf8.socket.write(clientFrame(1, Buffer.from([0xff, 0xfe])));
    expect(await closeCode(utf8.socket, utf8.rest)).toBe(1007);
    await stillServes();
  });

  it('survives a client that resets mid-handshake', async () => {
    const reply = await rawRequest(port, upgradeRequest(good()));
    reply.socket.resetAndDestroy();
    const half = await rawRequest(port, upgradeRequest({ Host: `127.0.0.1:${port}` }));
    half.socket.resetAndDestroy();
    await stillServes();
  });
});

describe('a bounded number of clients', () => {
  it('refuses a client past the limit with 503, and takes one again when a place frees', async () => {
    const open: Array<Awaited<ReturnType<typeof rawRequest>>> = [];
    try {
      let refused = 0;
      for (let i = 0; i < 40 && refused === 0; i++) {
        const reply = await rawRequest(port, upgradeRequest(good()));
        if (reply.status === 101) open.push(reply);
        else {
          reply.socket.destroy();
          expect(reply.status).toBe(503);
          refused++;
        }
      }
      expect(refused).toBe(1);
      expect(open.length).toBeGreaterThan(0);
      expect(open.length).toBeLessThanOrEqual(16);

      open.pop()!.socket.destroy();
      let again = 0;
      for (let i = 0; i < 50 && again !== 101; i++) {
        await new Promise((r) => setTimeout(r, 20));
        const reply = await rawRequest(port, upgradeRequest(good()));
        again = reply.status;
        if (again === 101) open.push(reply);
        else reply.socket.destroy();
      }
      expect(again).toBe(101);
    } finally {
      for (const reply of open) reply.socket.destroy();
    }
    for (let i = 0; i < 50; i++) {
      const reply = await rawRequest(port, upgradeRequest(good()));
      reply.socket.destroy();
      if (reply.status === 101) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await stillServes();
  });
});

describe('no file by path over this transport', () => {
  it('refuses files.send with a path, and a grant it cannot resolve, without reading anything', async () => {
    const client = await connectNodeClient(host.url);
    try {
      const account = await client.call('accounts.add', {
        jid: 'someone@example.invalid',
        password: 'pw',
        connect: false,
      });
      const byPath = await client
        .call('files.send', {
          accountId: account.id,
          peer: 'friend@example.invalid',
          files: [{ path: '/etc/passwd' }] as never,
        })
        .then(
          () => null,
          (failure: CommandFailure) => failure.error,
        );
      expect(byPath).toMatchObject({ code: 'invalid-payload' });
      const [byGrant] = await client.call('files.send', {
        accountId: account.id,
        peer: 'friend@example.invalid',
        files: [{ grant: 'A'.repeat(32), name: 'id_ed25519' }],
      });
      expect(byGrant).toMatchObject({
        state: 'failed',
        localPath: null,
        error: { code: 'file-unreadable' },
      });
      expect(byGrant!.error!.message).toMatch(/bytes/);
    } finally {
      client.close();
    }
  });
});
