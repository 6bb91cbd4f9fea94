import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProsody, testClient, type TestServer } from '@parley/testkit';
import { xml } from '@xmpp/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  corrupting,
  directPair,
  directUser,
  offer,
  randomFile,
  settled,
} from './test-support/direct-files.js';
import { eventually, startHarness, type Harness } from './test-support/harness.js';
import { ibbTransportKind } from './runtime/files/direct/ibb-transport.js';

let server: TestServer;
let work: string;
const opened: Harness[] = [];

beforeAll(async () => {
  server = await startProsody();
  work = mkdtempSync(join(tmpdir(), 'parley-direct-outcomes-'));
});
afterAll(async () => {
  await Promise.all(opened.map((h) => h.close(true)));
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
});

/** Small IBB blocks: a transfer slow enough to stop half-way. */
const slow = { directTransports: [ibbTransportKind(1024)] };

/** Only temp files or nothing: no partial file under a real name. */
function downloads(h: Harness): string[] {
  const dir = join(h.dir, 'Downloads');
  return existsSync(dir) ? readdirSync(dir) : [];
}

describe('direct file transfer: the ways it ends', () => {
  it('declined: the sender’s transfer fails as declined, nothing is received', async () => {
    const [ann, ben] = await directPair(server, opened);
    const file = randomFile(work, 'no-thanks.bin', 10_000);
    const [sent, message] = await offer(ann, ben, file.path);
    await ben.h.call('files.decline', { accountId: ben.account.id, messageId: message.id });
    expect(await settled(ann, sent.id)).toMatchObject({
      state: 'failed',
      error: { code: 'declined' },
    });
    const mine = ben.h.store.transfers.forMessage(ben.account.id, message.id);
    expect(mine).toMatchObject({ state: 'failed', error: { code: 'declined' } });
    // Accepting after declining gets nothing either.
    const again = await ben.h.call('files.download', {
      accountId: ben.account.id,
      messageId: message.id,
    });
    expect(again).toMatchObject({ state: 'failed', error: { code: 'offer-gone' } });
    expect(downloads(ben.h)).toEqual([]);
  });

  it('the sender cancels before the accept: the offer shows offer-gone', async () => {
    const [ann, ben] = await directPair(server, opened);
    const file = randomFile(work, 'changed-my-mind.bin', 10_000);
    const [sent, message] = await offer(ann, ben, file.path);
    const gone = ben.h.waitFor(
      'transfer.changed',
      (t) => t.messageId === message.id && t.state === 'failed',
    );
    await ann.h.call('transfers.cancel', { id: sent.id });
    expect(await settled(ann, sent.id)).toMatchObject({ state: 'cancelled' });
    expect(await gone).toMatchObject({ error: { code: 'offer-gone' }, direction: 'download' });
    const late = await ben.h.call('files.download', {
      accountId: ben.account.id,
      messageId: message.id,
    });
    expect(late).toMatchObject({ state: 'failed', error: { code: 'offer-gone' } });
  });

  it('the receiver cancels mid-way: both ends stop, no partial file is left', async () => {
    const [ann, ben] = await directPair(server, opened, slow, slow);
    const file = randomFile(work, 'big.bin', 1024 * 1024);
    const [sent, message] = await offer(ann, ben, file.path);
    const moving = ben.h.waitFor(
      'transfer.changed',
      (t) => t.messageId === message.id && t.bytes > 0,
    );
    const t = await ben.h.call('files.download', {
      accountId: ben.account.id,
      messageId: message.id,
    });
    await moving;
    await ben.h.call('transfers.cancel', { id: t.id });
    const [up, down] = await Promise.all([settled(ann, sent.id), settled(ben, t.id)]);
    expect(down).toMatchObject({ state: 'cancelled' });
    expect(down.bytes).toBeLessThan(1024 * 1024);
    expect(up).toMatchObject({ state: 'failed', error: { code: 'declined' } });
    await eventually(() => downloads(ben.h).length === 0);
  });

  it('the sender cancels mid-way: the receiver’s transfer fails, the temp file goes', async () => {
    const [ann, ben] = await directPair(server, opened, slow, slow);
    const file = randomFile(work, 'cut.bin', 1024 * 1024);
    const [sent, message] = await offer(ann, ben, file.path);
    const moving = ann.h.waitFor('transfer.changed', (t) => t.id === sent.id && t.bytes > 0);
    const t = await ben.h.call('files.download', {
      accountId: ben.account.id,
      messageId: message.id,
    });
    await moving;
    await ann.h.call('transfers.cancel', { id: sent.id });
    const [up, down] = await Promise.all([settled(ann, sent.id), settled(ben, t.id)]);
    expect(up).toMatchObject({ state: 'cancelled' });
    expect(down).toMatchObject({ state: 'failed', error: { code: 'offer-gone' } });
    await eventually(() => downloads(ben.h).length === 0);
  });

  it('a corrupted byte is caught by the hash: the file is removed, both ends fail', async () => {
    const bad = { directTransports: [corrupting(ibbTransportKind())] };
    const [ann, ben] = await directPair(server, opened, bad, {
      directTransports: [ibbTransportKind()],
    });
    const file = randomFile(work, 'damaged.bin', 50_000);
    const [sent, message] = await offer(ann, ben, file.path);
    const t = await ben.h.call('files.download', {
      accountId: ben.account.id,
      messageId: message.id,
    });
    const [up, down] = await Promise.all([settled(ann, sent.id), settled(ben, t.id)]);
    expect(down).toMatchObject({
      state: 'failed',
      error: { code: 'hash-mismatch' },
      localPath: null,
    });
    expect(up).toMatchObject({ state: 'failed', error: { code: 'hash-mismatch' } });
    expect(downloads(ben.h)).toEqual([]);
  });

  it('refuses a stranger’s offer with service-unavailable and shows nothing', async () => {
    const ben = await directUser(server, opened, 'ben');
    await server.createUser('mallory', 'mallory-pw');
    const mallory = await testClient(server, 'mallory', 'mallory-pw');
    try {
      const record = ben.h.store.accounts.get(ben.account.id)!;
      const answer = await mallory.iqCaller
        .request(
          xml(
            'iq',
            { type: 'set', to: `${ben.account.jid}/${record.resource}` },
            xml(
              'jingle',
              {
                xmlns: 'urn:xmpp:jingle:1',
                action: 'session-initiate',
                sid: 'forged1',
                initiator: 'mallory@localhost/forger',
              },
              xml(
                'content',
                { creator: 'initiator', name: 'a-file-offer', senders: 'initiator' },
                xml(
                  'description',
                  { xmlns: 'urn:xmpp:jingle:apps:file-transfer:5' },
                  xml(
                    'file',
                    {},
                    xml('name', {}, 'invoice.pdf.exe'),
                    xml('size', {}, '10'),
                    xml(
                      'hash',
                      { xmlns: 'urn:xmpp:hashes:2', algo: 'sha-256' },
                      'n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=',
                    ),
                  ),
                ),
                xml('transport', {
                  xmlns: 'urn:xmpp:jingle:transports:ibb:1',
                  sid: 'x',
                  'block-size': '4096',
                }),
              ),
            ),
          ),
        )
        .then(
          () => 'accepted',
          (error: { condition?: string }) => error.condition ?? 'error',
        );
      expect(answer).toBe('service-unavailable');
      expect(
        ben.h.events.some(
          (e) => e.name === 'message.added' && (e.payload as { attachment: unknown }).attachment,
        ),
      ).toBe(false);
    } finally {
      await mallory.stop();
    }
  });

  it('an offer waiting when the receiver restarts is offer-gone afterwards', async () => {
    const [ann, ben] = await directPair(server, opened);
    const file = randomFile(work, 'before-restart.bin', 10_000);
    const [, message] = await offer(ann, ben, file.path);
    await ben.h.close();
    const again = startHarness({ caPem: server.caPem, dir: ben.h.dir, key: ben.key });
    opened.push(again);
    await again.backend.start();
    const t = await again.call('files.download', {
      accountId: ben.account.id,
      messageId: message.id,
    });
    expect(t).toMatchObject({ state: 'failed', error: { code: 'offer-gone' } });
    expect(downloads(again)).toEqual([]);
  });
});
