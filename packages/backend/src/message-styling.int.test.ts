// XEP-0393 §6 `<unstyled/>` against a real Prosody and the real encrypted store: a contact
// (slixmpp, sending the element as raw XML) asks for a message to be shown as written; the flag
// is stored and carried in the contract's Message, live and from the archive on a second device.
import type { Message } from '@parley/contract';
import { startProsody, type TestServer } from '@parley/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, type Device } from './test-support/accounts.js';
import { eventually, type Harness } from './test-support/harness.js';
import { slixmppMissing, startDrivenPeer, type DrivenPeer } from './test-support/python-peer.js';

const noSlixmpp = slixmppMissing();
if (noSlixmpp) console.warn(`message-styling.int.test.ts skipped: ${noSlixmpp}`);

let server: TestServer;
const opened: Harness[] = [];
const peers: DrivenPeer[] = [];

function messagesWith(device: Device, peer: string): Message[] {
  return device.h.store.messages.page(device.account.id, peer, { beforeId: null, limit: 50 })
    .messages;
}

describe.skipIf(noSlixmpp)('<unstyled/> (XEP-0393 §6)', () => {
  beforeAll(async () => {
    server = await startProsody();
  }, 60_000);

  afterAll(async () => {
    for (const peer of peers) peer.kill();
    for (const h of opened) await h.close(true);
    await server?.stop();
  }, 30_000);

  it('a message marked unstyled is stored and shown so, live and from the archive; others are not', async () => {
    await server.createUser('ann1', 'ann1-pw');
    const ann = await login(server, opened, 'ann1');
    const slix = await server.createUser('slix1', 'slix1-pw');
    const peer = await startDrivenPeer(server, slix);
    peers.push(peer);
    const to = ann.account.jid;
    const added = ann.h.waitFor('message.added', (m) => m.body === '*as written*');
    await peer.run({
      do: 'raw',
      xml: `<message xmlns='jabber:client' to='${to}' type='chat' id='u1'><body>*as written*</body><unstyled xmlns='urn:xmpp:styling:0'/></message>`,
    });
    await peer.run({ do: 'send', to, body: '*bold*', id: 'u2' });
    expect((await added).unstyled).toBe(true);
    await eventually(() => messagesWith(ann, slix.jid).length === 2);
    const [unstyled, styled] = messagesWith(ann, slix.jid);
    expect(unstyled).toMatchObject({ body: '*as written*', unstyled: true });
    expect(styled?.body).toBe('*bold*');
    expect(styled?.unstyled).toBeUndefined();

    // A second device learns both from our archive, flag included.
    const other = await login(server, opened, 'ann1');
    await other.h.call('messages.page', {
      accountId: other.account.id,
      peer: slix.jid,
      before: null,
      limit: 50,
    });
    const archived = await eventually(() => {
      const all = messagesWith(other, slix.jid);
      return all.length === 2 ? all : undefined;
    }, 30_000);
    expect(archived.map((m) => [m.body, m.unstyled ?? false])).toEqual([
      ['*as written*', true],
      ['*bold*', false],
    ]);
  }, 90_000);
});
