// Interoperability with an independent XMPP implementation: slixmpp (Debian python3-slixmpp),
// driven through test-support/slixmpp-peer.py against the same throwaway Prosody as Parley.
// Each peer run is one scenario; it prints one JSON object per line as it observes things.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Transfer } from '@parley/contract';
import { startProsody, type TestServer, type TestUser } from '@parley/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login as loginOn, type Device } from './test-support/accounts.js';
import { eventually, type Harness } from './test-support/harness.js';
import {
  slixmppMissing,
  startPythonPeer,
  type Peer,
  type PeerEvent,
} from './test-support/python-peer.js';

const noSlixmpp = slixmppMissing();
if (noSlixmpp) console.warn(`interop.int.test.ts skipped: ${noSlixmpp}`);
// slixmpp's XEP-0363 plugin needs aiohttp, which Debian only recommends.
const noAiohttp = noSlixmpp ?? slixmppMissing('aiohttp');
if (!noSlixmpp && noAiohttp) console.warn(`slixmpp upload test skipped: ${noAiohttp}`);

/** The peer bounds itself at 30 s; this is the backstop if it hangs anyway. */
const PEER_KILL_MS = 40_000;

let server: TestServer;
let work: string;
const opened: Harness[] = [];
const peers = new Set<Peer>();
let n = 0;

/** Runs one slixmpp-peer.py scenario as `who`; killed after PEER_KILL_MS whatever happens. */
function startPeer(scenario: string, who: TestUser, options: Record<string, string> = {}): Peer {
  const args = [scenario];
  for (const [name, value] of Object.entries(options)) args.push(`--${name}`, value);
  const peer = startPythonPeer('slixmpp-peer.py', args, server, who, PEER_KILL_MS);
  peers.add(peer);
  return peer;
}

/** A fresh user logged in on a fresh Parley backend. */
async function parleyUser(prefix: string): Promise<Device> {
  const local = `${prefix}${++n}`;
  await server.createUser(local, `${local}-pw`);
  return loginOn(server, opened, local);
}

/** A fresh account for the slixmpp peer. */
function slixmppUser(): Promise<TestUser> {
  const local = `slix${++n}`;
  return server.createUser(local, `${local}-pw`);
}

/** A file of random bytes in the test's folder, with its SHA-256 (hex). */
function randomFile(name: string, size: number): { path: string; hex: string } {
  const bytes = randomBytes(size);
  const path = join(work, name);
  writeFileSync(path, bytes);
  return { path, hex: createHash('sha256').update(bytes).digest('hex') };
}

function finished(d: Device, id: string): Promise<Transfer> {
  return d.h.waitFor(
    'transfer.changed',
    (t) => t.id === id && (t.state === 'done' || t.state === 'failed' || t.state === 'cancelled'),
    30_000,
  );
}

describe.skipIf(noSlixmpp !== null)('interoperability with slixmpp', () => {
  beforeAll(async () => {
    server = await startProsody();
    work = mkdtempSync(join(tmpdir(), 'parley-interop-'));
  });
  afterAll(async () => {
    for (const peer of peers) peer.kill();
    await Promise.all(opened.map((h) => h.close(true)));
    await server?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('shares a room with a slixmpp occupant (XEP-0045): messages both ways', async () => {
    const ann = await parleyUser('ann');
    const slix = await slixmppUser();
    const room = `interop${++n}@${server.mucDomain}`;
    const created = await ann.h.call('rooms.create', {
      accountId: ann.account.id,
      room,
      nick: 'Ann',
    });
    expect(created).toMatchObject({ state: 'joined', ownAffiliation: 'owner' });

    const joinNotice = ann.h.waitFor('room.notice', (e) => e.kind === 'join' && e.nick === 'Slix');
    const leaveNotice = ann.h.waitFor(
      'room.notice',
      (e) => e.kind === 'leave' && e.nick === 'Slix',
      30_000,
    );
    const peer = startPeer('room', slix, {
      room,
      nick: 'Slix',
      send: 'hello from slixmpp',
      expect: 'hello from Parley',
    });
    await peer.next('joined');
    await joinNotice;
    const occupants = await ann.h.call('rooms.occupants', { accountId: ann.account.id, room });
    expect(occupants.map((o) => o.nick).sort()).toEqual(['Ann', 'Slix']);

    // slixmpp's message, stored under the room with the sender's nick as resource.
    const got = await eventually(() =>
      ann.h.store.messages
        .page(ann.account.id, room, { beforeId: null, limit: 10 })
        .messages.find((m) => m.body === 'hello from slixmpp'),
    );
    expect(got).toMatchObject({ direction: 'in', peer: room, resource: 'Slix' });
    expect(got.stanzaId).not.toBeNull(); // the room's archive id (XEP-0359)

    const sent = await ann.h.call('messages.send', {
      accountId: ann.account.id,
      peer: room,
      body: 'hello from Parley',
    });
    expect(await peer.next('received')).toMatchObject({ nick: 'Ann', body: 'hello from Parley' });
    await peer.finish();
    await leaveNotice;
    // Parley's own message came back from the room; each message is held once.
    await eventually(
      () => ann.h.store.messages.get(ann.account.id, sent.id)?.status === 'delivered',
    );
    const bodies = ann.h.store.messages
      .page(ann.account.id, room, { beforeId: null, limit: 10 })
      .messages.map((m) => m.body);
    expect(bodies).toEqual(['hello from slixmpp', 'hello from Parley']);
    const after = await ann.h.call('rooms.occupants', { accountId: ann.account.id, room });
    expect(after.map((o) => o.nick)).toEqual(['Ann']);
  });

  it.skipIf(noAiohttp !== null)(
    'receives a file slixmpp uploaded (XEP-0363) and sent with OOB (XEP-0066), byte-exact',
    async () => {
      const bob = await parleyUser('bob');
      const slix = await slixmppUser();
      const file = randomFile('notes.bin', 300_000);
      const arrived = bob.h.waitFor('message.added', (m) => m.attachment !== null, 30_000);
      const peer = startPeer('file', slix, { to: bob.account.jid, file: file.path });
      // It found the server's upload service by service discovery, with Prosody's limit.
      expect(await peer.next('service')).toMatchObject({ jid: server.uploadDomain });
      const { url } = (await peer.next('uploaded')) as PeerEvent & { url: string };
      expect(url).toMatch(/^https?:\/\/.*\/notes\.bin$/);
      await peer.finish();

      const message = await arrived;
      expect(message).toMatchObject({ direction: 'in', peer: slix.jid, body: url });
      // OOB carries only the URL: the name comes from it, the rest is unknown.
      expect(message.attachment).toEqual({
        url,
        name: 'notes.bin',
        size: null,
        mediaType: null,
        sha256: null,
      });
      const t = await bob.h.call('files.download', {
        accountId: bob.account.id,
        messageId: message.id,
      });
      const done = await finished(bob, t.id);
      expect(done).toMatchObject({ state: 'done', direction: 'download', error: null });
      expect(readFileSync(done.localPath!).equals(readFileSync(file.path))).toBe(true);
    },
  );

  it('sends a file that slixmpp sees as OOB and fetches byte-exact', async () => {
    const carol = await parleyUser('carol');
    const slix = await slixmppUser();
    const peer = startPeer('receive-file', slix);
    await peer.next('ready'); // online: the server stores nothing for offline users here
    const file = randomFile('report.bin', 500_000);
    const [t] = await carol.h.call('files.send', {
      accountId: carol.account.id,
      peer: slix.jid,
      files: [carol.h.grant(file.path)],
    });
    const up = await finished(carol, t!.id);
    expect(up).toMatchObject({ state: 'done', error: null });
    const url = carol.h.store.messages.get(carol.account.id, up.messageId!)?.attachment?.url;
    expect(url).toBeTruthy();

    expect(await peer.next('message')).toMatchObject({ sender: carol.account.jid, url, body: url });
    expect(await peer.next('fetched')).toMatchObject({ size: 500_000, sha256: file.hex });
    await peer.finish();
  });

  it('receives a direct invitation (XEP-0249) from slixmpp', async () => {
    const dan = await parleyUser('dan');
    const slix = await slixmppUser();
    const room = `party${++n}@${server.mucDomain}`;
    const invited = dan.h.waitFor('invitation.received', (i) => i.room === room, 30_000);
    const peer = startPeer('invite', slix, { to: dan.account.jid, room, reason: 'come and see' });
    await peer.finish();
    expect(await invited).toMatchObject({
      accountId: dan.account.id,
      room,
      from: slix.jid,
      reason: 'come and see',
      password: null,
      mode: 'direct',
    });
    expect(await dan.h.call('invitations.list', {})).toEqual([
      expect.objectContaining({ room, from: slix.jid }),
    ]);
  });
});
