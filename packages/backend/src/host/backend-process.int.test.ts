import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { constants, getPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startProsody, startProxy, type TestProxy, type TestServer } from '@parley/testkit';
import type { Account, Contact, ParleyClient } from '@parley/contract';
import { openStore } from '@parley/store';
import { addOnlineAccount } from '../test-support/accounts.js';
import { eventually, startHarness, type Harness } from '../test-support/harness.js';
import type { BackendInit } from './control-protocol.js';
import { startNodeBackend, type NodeBackend } from './node-backend.js';
import { BACKEND_RESTARTED, type PortLinkStatus } from '@parley/contract/client';
import { parseBackendFrame } from '@parley/contract/client';

/*
 * The backend in its own process (a Node child: the stand-in for Electron's utility process),
 * served over its IPC channel by the port protocol, against a real Prosody and a real
 * encrypted store. Bob is an ordinary in-process backend on the same server.
 */
let server: TestServer;
let proxy: TestProxy;
let bob: Harness;
let bobAccount: Account;
const dirs: string[] = [];
const running: NodeBackend[] = [];

beforeAll(async () => {
  server = await startProsody({
    users: ['alice', 'bob', 'carol', 'dave', 'erin'].map((local) => ({
      local,
      password: `${local}-pw`,
    })),
  });
  proxy = await startProxy(server.c2sPort);
  bob = startHarness({ caPem: server.caPem });
  bobAccount = await addOnlineAccount(bob, server, 'bob');
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((b) => b.stop(3_000)));
});
afterAll(async () => {
  await bob?.close(true);
  await proxy?.close();
  await server?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function profile(): { storePath: string; key: Buffer; init: () => BackendInit } {
  const dir = mkdtempSync(join(tmpdir(), 'parley-backend-process-'));
  dirs.push(dir);
  const storePath = join(dir, 'parley.db');
  const key = randomBytes(32);
  return {
    storePath,
    key,
    // A fresh copy per start: the process zeroes what it was given.
    init: () => ({
      storePath,
      key: Uint8Array.from(key),
      downloadDir: join(dir, 'Downloads'),
      trustedCaPem: server.caPem,
      allowLoopbackHttp: true,
      reconnect: { minDelayMs: 100, maxDelayMs: 1_000, factor: 1.5 },
    }),
  };
}

async function start(init: () => BackendInit): Promise<NodeBackend> {
  const backend = await startNodeBackend({ init });
  running.push(backend);
  return backend;
}

/** Adds `local` in the child's backend and waits until the account is online. */
async function addAccount(client: ParleyClient, local: string, port: number): Promise<Account> {
  const jid = `${local}@${server.domain}`;
  const online = new Promise<void>((resolve) => {
    const off = client.on('account.changed', (account) => {
      if (account.jid === jid && account.state === 'online') {
        off();
        resolve();
      }
    });
  });
  const account = await client.call('accounts.add', {
    jid,
    password: `${local}-pw`,
    host: server.host,
    port,
    tlsMode: 'starttls',
  });
  await online;
  return account;
}

const receivedByBob = (from: string, body: string) =>
  bob.store.messages
    .page(bobAccount.id, from, { beforeId: null, limit: 1_000 })
    .messages.filter((m) => m.direction === 'in' && m.body === body);

describe('the backend process serves the contract over its port', () => {
  it('answers commands, pushes events, and answers a bad frame with a typed error', async () => {
    const { init } = profile();
    const backend = await start(init);
    const pid = backend.process().pid;
    expect(await backend.client.call('accounts.list', {})).toEqual([]);
    // Below normal priority (or lower, as the test runner is): the window's frames come first.
    expect(getPriority(pid!)).toBeGreaterThanOrEqual(
      Math.max(constants.priority.PRIORITY_BELOW_NORMAL, getPriority()),
    );

    // Events come through the port: the account's state changes while it logs in.
    const alice = await addAccount(backend.client, 'carol', server.c2sPort);
    expect(await backend.client.call('accounts.list', {})).toMatchObject([{ id: alice.id }]);

    // Raw frames on the channel, as a confused or hostile client would send them.
    const replies: unknown[] = [];
    const off = backend.supervisor.onFrame((data) => {
      const frame = parseBackendFrame(data);
      if (frame?.kind === 'result' && (frame.id === null || frame.id >= 1_000_000)) {
        replies.push(frame);
      }
    });
    const child = backend.supervisor.ready()!;
    for (const data of [
      'not json',
      '[1,2]',
      JSON.stringify({ name: 'accounts.list', payload: {} }),
      JSON.stringify({ id: 1_000_001, name: 'no.such.command', payload: {} }),
      JSON.stringify({ id: 1_000_002, name: 'messages.send', payload: { body: 42 } }),
    ]) {
      child.post({ type: 'frame', data });
    }
    // Not a control message at all: ignored.
    child.post({ type: 'bogus' } as never);
    await eventually(() => replies.length === 5, 10_000);
    off();
    expect(replies).toEqual([
      {
        kind: 'result',
        id: null,
        result: { ok: false, error: expect.objectContaining({ code: 'invalid-payload' }) },
      },
      {
        kind: 'result',
        id: null,
        result: { ok: false, error: expect.objectContaining({ code: 'invalid-payload' }) },
      },
      {
        kind: 'result',
        id: null,
        result: { ok: false, error: expect.objectContaining({ code: 'invalid-payload' }) },
      },
      {
        kind: 'result',
        id: 1_000_001,
        result: { ok: false, error: expect.objectContaining({ code: 'unknown-command' }) },
      },
      {
        kind: 'result',
        id: 1_000_002,
        result: { ok: false, error: expect.objectContaining({ code: 'invalid-payload' }) },
      },
    ]);
    // Same process, still serving.
    expect(backend.process().pid).toBe(pid);
    expect(backend.process().exitCode).toBeNull();
    expect(await backend.client.call('accounts.list', {})).toHaveLength(1);
    expect(backend.supervisor.current()).toEqual({ kind: 'running', restarts: 0 });
  });

  it('refuses a store it cannot open as fatal, without restarting', async () => {
    const { init } = profile();
    const first = await start(init);
    expect(await first.stop()).toBe('clean');
    const wrongKey = () => ({ ...init(), key: new Uint8Array(randomBytes(32)) });
    await expect(startNodeBackend({ init: wrongKey })).rejects.toThrow(/key/i);
  });
});

describe("main's services for the backend process", () => {
  it("redeems a dropped file's grant by asking main, once", async () => {
    const { init } = profile();
    const path = join(dirs.at(-1)!, 'note.txt');
    writeFileSync(path, 'a file main granted');
    const token = randomBytes(24).toString('base64url');
    const grants = new Map([[token, path]]);
    const asked: string[] = [];
    const backend = await startNodeBackend({
      init,
      host: {
        takeFileGrant: async (grant) => {
          asked.push(grant);
          const granted = grants.get(grant) ?? null;
          grants.delete(grant);
          return granted;
        },
      },
    });
    running.push(backend);
    const erin = await addAccount(backend.client, 'erin', server.c2sPort);
    const send = async () => {
      const [transfer] = await backend.client.call('files.send', {
        accountId: erin.id,
        peer: bobAccount.jid,
        files: [{ grant: token, name: 'note.txt' }],
      });
      return eventually(async () => {
        const list = await backend.client.call('transfers.list', {});
        const t = list.find((x) => x.id === transfer!.id);
        return t && t.state !== 'queued' && t.state !== 'active' && t;
      }, 30_000);
    };
    expect(await send()).toMatchObject({ state: 'done', name: 'note.txt' });
    // Used up: the same grant again is refused with words, and nothing is read.
    const again = await send();
    expect(again.state).toBe('failed');
    expect(JSON.stringify(again.error)).toMatch(/not dropped or picked here/);
    expect(asked).toEqual([token, token]);
  });
});

describe('a backend process that dies', () => {
  it('is restarted; the call in flight fails with a typed error; a pending message still goes', async () => {
    const { init } = profile();
    const backend = await start(init);
    const alice = await addAccount(backend.client, 'alice', proxy.port);
    const statuses: PortLinkStatus[] = [];
    backend.transport.onStatus((status) => statuses.push(status));

    // The server never hears of this message: it is stored as pending and stays so.
    proxy.blackhole();
    const sent = await backend.client.call('messages.send', {
      accountId: alice.id,
      peer: bobAccount.jid,
      body: 'sent just before the crash',
    });
    expect(sent.status).toBe('pending');

    // A call the process will never answer: it is stopped, then killed.
    const first = backend.process();
    first.kill('SIGSTOP');
    const inFlight = backend.transport.invoke('accounts.list', {});
    first.kill('SIGKILL');
    expect(await inFlight).toEqual({ ok: false, error: BACKEND_RESTARTED });

    // The supervisor starts a new process; the client's link drops and comes back.
    const second = await backend.ready(first);
    expect(second.pid).not.toBe(first.pid);
    expect(backend.supervisor.current()).toEqual({ kind: 'running', restarts: 1 });
    expect(statuses).toEqual(['closed', 'open']);
    expect(await backend.client.call('accounts.list', {})).toMatchObject([{ id: alice.id }]);

    // The new process resends what the store still holds as pending.
    await eventually(
      () => receivedByBob(alice.jid, 'sent just before the crash').length === 1,
      30_000,
    );
    await eventually(async () => {
      const page = await backend.client.call('messages.page', {
        accountId: alice.id,
        peer: bobAccount.jid,
        limit: 10,
      });
      return page.messages.find((m) => m.id === sent.id && m.status !== 'pending');
    }, 15_000);
    expect(receivedByBob(alice.jid, 'sent just before the crash')).toHaveLength(1);
  });
});

describe('quitting', () => {
  it('closes the sessions and the store before the process exits: no WAL left, nothing lost', async () => {
    const { init, storePath, key } = profile();
    const backend = await start(init);
    const dave = await addAccount(backend.client, 'dave', server.c2sPort);
    // Bob sees Dave's presence: a stream closed with </stream> ends his session at once (a
    // process killed would leave it to the server's 60 s stream-management hibernation).
    const requested = bob.waitFor('subscription.requested', (r) => r.jid === dave.jid);
    await backend.client.call('roster.add', {
      accountId: dave.id,
      jid: bobAccount.jid,
      name: '',
      groups: [],
    });
    await requested;
    await bob.call('subscriptions.answer', {
      accountId: bobAccount.id,
      jid: dave.jid,
      accept: true,
    });
    const shows = (show: (s: string) => boolean) => (change: { upserted: Contact[] }) =>
      change.upserted.some((c) => c.jid === dave.jid && show(c.show));
    await bob.waitFor(
      'roster.changed',
      shows((s) => s !== 'offline'),
    );
    const child = backend.process();
    const sent = await backend.client.call('messages.send', {
      accountId: dave.id,
      peer: bobAccount.jid,
      body: 'the last word before quitting',
    });
    const offline = bob.waitFor(
      'roster.changed',
      shows((s) => s === 'offline'),
      5_000,
    );
    expect(await backend.stop(10_000)).toBe('clean');
    await offline;
    expect(child.exitCode).toBe(0);
    expect(backend.supervisor.current()).toEqual({ kind: 'stopped' });
    // Checkpointed and closed: the database file alone holds everything.
    expect(existsSync(`${storePath}-wal`)).toBe(false);
    expect(existsSync(`${storePath}-shm`)).toBe(false);
    const store = openStore({ path: storePath, key });
    let status: string | undefined;
    try {
      const kept = store.messages.get(dave.id, sent.id);
      expect(kept?.body).toBe('the last word before quitting');
      status = kept?.status;
    } finally {
      store.close();
    }
    // Sent before the sessions closed (or, had it not left yet, still pending for the next
    // start): never failed by the quit itself. Either way the peer gets it once.
    expect(status).not.toBe('failed');
    await start(init);
    await eventually(
      () => receivedByBob(dave.jid, 'the last word before quitting').length === 1,
      20_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receivedByBob(dave.jid, 'the last word before quitting')).toHaveLength(1);
  });
});
