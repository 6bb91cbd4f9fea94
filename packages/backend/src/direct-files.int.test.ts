import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProsody, type TestServer } from '@parley/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptAndCompare, directPair, offer, randomFile } from './test-support/direct-files.js';
import type { Harness } from './test-support/harness.js';
import { ibbTransportKind } from './runtime/files/direct/ibb-transport.js';

let server: TestServer;
let work: string;
const opened: Harness[] = [];

beforeAll(async () => {
  server = await startProsody();
  work = mkdtempSync(join(tmpdir(), 'parley-direct-int-'));
});
afterAll(async () => {
  await Promise.all(opened.map((h) => h.close(true)));
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
});

const ibbOnly = { directTransports: [ibbTransportKind()] };

describe('direct file transfer (XEP-0234) between two Parley backends', () => {
  it('offers, waits for the accept, and moves the file over in-band bytestreams', async () => {
    const [ann, ben] = await directPair(server, opened, ibbOnly, ibbOnly);
    const support = await ann.h.call('files.directSupport', {
      accountId: ann.account.id,
      peer: ben.account.jid,
    });
    expect(support).toEqual({ supported: true, transports: ['ibb'] });
    const file = randomFile(work, 'notes.bin', 200_000);
    const [sent, message] = await offer(ann, ben, file.path);
    expect(sent).toMatchObject({ direction: 'upload', name: 'notes.bin', size: 200_000 });
    expect(sent.direct).toEqual({ transport: null, encrypted: false });
    expect(message.attachment).toMatchObject({
      direct: true,
      name: 'notes.bin',
      size: 200_000,
      sha256: file.sha256,
    });
    // Nothing moves before the user accepts.
    await new Promise((r) => setTimeout(r, 300));
    expect(ben.h.store.transfers.forMessage(ben.account.id, message.id)).toBeNull();
    const [up, down] = await acceptAndCompare(ann, ben, sent, message, file.path);
    expect(down.direct?.transport).toBe('ibb');
    expect(up.bytes).toBe(200_000);
    // No temp file is left beside it.
    expect(readdirSync(join(ben.h.dir, 'Downloads'))).toEqual(['notes.bin']);
  });
});
