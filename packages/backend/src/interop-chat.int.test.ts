// One-to-one chat both ways with slixmpp, driven line by line (test-support/python-peer.ts):
// the base the message-feature interop tests (corrections, reactions, ...) build on.
import { startProsody, type TestServer, type TestUser } from '@parley/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, type Device } from './test-support/accounts.js';
import { eventually, type Harness } from './test-support/harness.js';
import { slixmppMissing, startDrivenPeer, type DrivenPeer } from './test-support/python-peer.js';

const noSlixmpp = slixmppMissing();
if (noSlixmpp) console.warn(`interop-chat.int.test.ts skipped: ${noSlixmpp}`);

let server: TestServer;
const opened: Harness[] = [];
const peers: DrivenPeer[] = [];

describe.skipIf(noSlixmpp)('one-to-one chat with slixmpp', () => {
  beforeAll(async () => {
    server = await startProsody();
  }, 60_000);

  afterAll(async () => {
    for (const peer of peers) peer.kill();
    for (const h of opened) await h.close(true);
    await server?.stop();
  }, 30_000);

  function messagesWith(device: Device, who: TestUser) {
    const { messages } = device.h.store.messages.page(device.account.id, who.jid, {
      beforeId: null,
      limit: 50,
    });
    return messages;
  }

  async function pair(n: number): Promise<{ ann: Device; slix: TestUser; peer: DrivenPeer }> {
    await server.createUser(`ann${n}`, `ann${n}-pw`);
    const slix = await server.createUser(`slix${n}`, `slix${n}-pw`);
    const ann = await login(server, opened, `ann${n}`);
    const peer = await startDrivenPeer(server, slix);
    peers.push(peer);
    return { ann, slix, peer };
  }

  it('a Parley message reaches slixmpp with its origin-id and a receipt request', async () => {
    const { ann, slix, peer } = await pair(1);
    const sent = await ann.h.call('messages.send', {
      accountId: ann.account.id,
      peer: slix.jid,
      body: 'hello from Parley',
    });
    const got = await peer.message((m) => m.body === 'hello from Parley');
    expect(got.origin_id).toBe(sent.originId);
    expect(got.id).toBe(sent.id);
    expect(String(got.xml)).toContain('xmlns="urn:xmpp:receipts"');
  }, 60_000);

  it('a slixmpp message is stored once in Parley under its sender, with the archive id', async () => {
    const { ann, slix, peer } = await pair(2);
    await peer.run({ do: 'send', to: ann.account.jid, body: 'hello from slixmpp', id: 'slix-1' });
    const stored = await eventually(() =>
      messagesWith(ann, slix).find((m) => m.body === 'hello from slixmpp'),
    );
    expect(stored.direction).toBe('in');
    expect(stored.originId).toBe('slix-1');
    // Our own archive assigned it an id (XEP-0359 by our bare JID): the dedup key.
    expect(stored.stanzaId).toMatch(/.+/);
    // The same id again (a resend) is not a second message.
    await peer.run({ do: 'send', to: ann.account.jid, body: 'hello from slixmpp', id: 'slix-1' });
    await peer.run({ do: 'send', to: ann.account.jid, body: 'after', id: 'slix-2' });
    await eventually(() => messagesWith(ann, slix).some((m) => m.body === 'after'));
    expect(messagesWith(ann, slix).filter((m) => m.body === 'hello from slixmpp')).toHaveLength(1);
  }, 60_000);
});
