// XEP-0191 blocking both ways with slixmpp (Debian's python3-slixmpp, its own xep_0191 plugin):
// a stranger that we block stops reaching us; a peer that blocks us makes our messages bounce,
// and the chat says why in words.
import type { Message } from '@parley/contract';
import { startProsody, type TestServer, type TestUser } from '@parley/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, type Device } from './test-support/accounts.js';
import { eventually, type Harness } from './test-support/harness.js';
import {
  commandRunner,
  slixmppMissing,
  startPythonPeer,
  type Peer,
} from './test-support/python-peer.js';

const noSlixmpp = slixmppMissing();
if (noSlixmpp) console.warn(`interop-blocking.int.test.ts skipped: ${noSlixmpp}`);

let server: TestServer;
const opened: Harness[] = [];
const peers: Peer[] = [];
let n = 0;

/** slixmpp-blocking-peer.py as `who`, online, and a runner for its commands. */
async function slixmpp(who: TestUser) {
  const peer = startPythonPeer(
    'slixmpp-blocking-peer.py',
    ['--timeout', '60'],
    server,
    who,
    70_000,
  );
  peers.push(peer);
  await peer.next('ready');
  const run = commandRunner(() => peer);
  return { peer, run };
}

function incoming(d: Device, from: string): string[] {
  return d.h.store.messages
    .page(d.account.id, from, { beforeId: null, limit: 50 })
    .messages.filter((m) => m.direction === 'in')
    .map((m) => m.body);
}

describe.skipIf(noSlixmpp)('blocking with slixmpp', () => {
  beforeAll(async () => {
    server = await startProsody();
  }, 60_000);
  afterAll(async () => {
    for (const peer of peers) peer.kill();
    for (const h of opened) await h.close(true);
    await server?.stop();
  }, 30_000);

  it('a stranger on slixmpp writes, we block it, and its next messages never arrive', async () => {
    const k = ++n;
    await server.createUser(`ann${k}`, `ann${k}-pw`);
    const slix = await server.createUser(`slix${k}`, `slix${k}-pw`);
    const ann = await login(server, opened, `ann${k}`);
    const { peer, run } = await slixmpp(slix);

    await run({ do: 'send', to: ann.account.jid, body: 'hello stranger', id: 's-1' }, 'done');
    await eventually(() => incoming(ann, slix.jid).includes('hello stranger'));
    await ann.h.call('blocking.block', { accountId: ann.account.id, jids: [slix.jid] });

    await run({ do: 'send', to: ann.account.jid, body: 'still there?', id: 's-2' }, 'done');
    // Prosody refuses it for Ann and tells slixmpp (service-unavailable, with its id).
    const bounce = await peer.next('message', (e) => e.type === 'error' && e.id === 's-2');
    expect(String(bounce.xml)).toContain('service-unavailable');
    expect(incoming(ann, slix.jid)).toEqual(['hello stranger']);

    // Unblocked, it gets through again.
    await ann.h.call('blocking.unblock', { accountId: ann.account.id, jids: [slix.jid] });
    await run({ do: 'send', to: ann.account.jid, body: 'third time', id: 's-3' }, 'done');
    await eventually(() => incoming(ann, slix.jid).includes('third time'));
    expect(incoming(ann, slix.jid)).toEqual(['hello stranger', 'third time']);
  }, 60_000);

  it('slixmpp blocks us: our message bounces, and the failure says why in words', async () => {
    const k = ++n;
    await server.createUser(`ann${k}`, `ann${k}-pw`);
    const slix = await server.createUser(`slix${k}`, `slix${k}-pw`);
    const ann = await login(server, opened, `ann${k}`);
    const { peer, run } = await slixmpp(slix);

    await run({ do: 'block', jids: [ann.account.jid] }, 'done');
    await run({ do: 'blocklist' }, 'done');
    expect((await peer.next('blocklist')).jids).toEqual([ann.account.jid]);

    const sent = await ann.h.call('messages.send', {
      accountId: ann.account.id,
      peer: slix.jid,
      body: 'can you hear me?',
    });
    const failed = await ann.h.waitFor(
      'message.updated',
      (m: Message) => m.id === sent.id && m.status === 'failed',
    );
    expect(failed.error).toMatch(/did not take it.*may have blocked you/);
    expect(peer.events.some((e) => e.event === 'message' && e.body === 'can you hear me?')).toBe(
      false,
    );
  }, 60_000);
});
