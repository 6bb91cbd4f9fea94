// Avatars with slixmpp's own XEP-0084 and XEP-0153 plugins, over a real Prosody: slixmpp
// publishes → Parley shows the same bytes; Parley publishes → slixmpp reads the same bytes, from
// PEP and from the vCard.
import { startProsody, type TestServer, type TestUser } from '@parley/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, type Device } from './test-support/accounts.js';
import { sha1, solidPng } from './test-support/avatar-png.js';
import { eventually, type Harness } from './test-support/harness.js';
import {
  commandRunner,
  slixmppMissing,
  startPythonPeer,
  type Peer,
} from './test-support/python-peer.js';

const noSlixmpp = slixmppMissing();
if (noSlixmpp) console.warn(`avatars-interop.int.test.ts skipped: ${noSlixmpp}`);

let server: TestServer;
const opened: Harness[] = [];
let peer: Peer;
const run = commandRunner(() => peer);

async function shown(device: Device, jid: string): Promise<string | null> {
  const { avatars } = await device.h.call('avatars.list', { accountId: device.account.id });
  return avatars.find((a) => a.jid === jid)?.hash ?? null;
}

describe.skipIf(noSlixmpp)('avatars with slixmpp', () => {
  let ann: Device;
  let slix: TestUser;

  beforeAll(async () => {
    server = await startProsody();
    await server.createUser('ann', 'ann-pw');
    slix = await server.createUser('slix', 'slix-pw');
    ann = await login(server, opened, 'ann');
    peer = startPythonPeer('slixmpp-avatar-peer.py', ['--timeout', '80'], server, slix, 90_000);
    await peer.next('ready');
    // Mutual subscription: slixmpp accepts and subscribes back by default.
    await ann.h.call('roster.add', {
      accountId: ann.account.id,
      jid: slix.jid,
      name: 'Slix',
      groups: [],
    });
    await eventually(
      () => ann.h.store.contacts.get(ann.account.id, slix.jid)?.subscription === 'both',
      20_000,
    );
  }, 90_000);

  afterAll(async () => {
    peer?.end();
    peer?.kill();
    for (const h of opened) await h.close(true);
    await server?.stop();
  }, 30_000);

  it('slixmpp publishes a PEP avatar → Parley shows the same bytes', async () => {
    const png = solidPng(40, [0, 120, 200]);
    const done = await run(
      { do: 'publish_pep', data: png.toString('base64'), type: 'image/png' },
      'done',
    );
    expect(done['id']).toBe(sha1(png));
    await eventually(async () => (await shown(ann, slix.jid)) === sha1(png), 20_000);
    // Learned from slixmpp's PEP metadata, not from a vCard hash.
    expect(ann.h.store.avatars.get(ann.account.id, slix.jid)?.source).toBe('pep');
    const image = await ann.h.call('avatars.image', { hash: sha1(png) });
    expect(Buffer.from(image.base64, 'base64')).toEqual(png);
  }, 40_000);

  it('Parley publishes → slixmpp reads the same bytes from PEP and from the vCard', async () => {
    const png = solidPng(36, [230, 160, 0]);
    const { hash } = await ann.h.call('avatars.own.set', {
      accountId: ann.account.id,
      mime: 'image/png',
      base64: png.toString('base64'),
    });
    // The notification reaches slixmpp's plugin, with our id.
    await peer.next('metadata', (e) => Array.isArray(e['ids']) && e['ids'].includes(hash));
    const pep = await run({ do: 'read_pep', jid: ann.account.jid }, 'done');
    expect(pep['id']).toBe(hash);
    expect(pep['type']).toBe('image/png');
    expect(Buffer.from(String(pep['data']), 'base64')).toEqual(png);
    const vcard = await run({ do: 'read_vcard', jid: ann.account.jid }, 'done');
    expect(Buffer.from(String(vcard['data']), 'base64')).toEqual(png);

    await ann.h.call('avatars.own.remove', { accountId: ann.account.id });
    const removed = await run({ do: 'read_pep', jid: ann.account.jid }, 'done');
    expect(removed['id']).toBeNull();
  }, 40_000);
});
