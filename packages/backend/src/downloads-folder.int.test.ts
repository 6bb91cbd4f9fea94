import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Transfer } from '@parley/contract';
import { startProsody, type TestServer } from '@parley/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { befriend, login as loginOn, type Device } from './test-support/accounts.js';
import type { Harness } from './test-support/harness.js';

let server: TestServer;
let work: string;
const opened: Harness[] = [];

const login = async (local: string): Promise<Device> => {
  await server.createUser(local, `${local}-pw`);
  return loginOn(server, opened, local);
};

function finished(d: Device, id: string): Promise<Transfer> {
  return d.h.waitFor(
    'transfer.changed',
    (t) => t.id === id && (t.state === 'done' || t.state === 'failed'),
    30_000,
  );
}

beforeAll(async () => {
  server = await startProsody();
  work = mkdtempSync(join(tmpdir(), 'parley-downloads-int-'));
});
afterAll(async () => {
  await Promise.all(opened.map((h) => h.close(true)));
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('the downloads folder setting', () => {
  it('refuses a folder that is not one, and downloads land in the chosen one', async () => {
    const ada = await login('ada');
    const ben = await login('ben');
    await befriend(ada, ben);
    for (const [from, to] of [
      [ada, ben],
      [ben, ada],
    ] as const) {
      await from.h.call('omemo.conversation.set', {
        accountId: from.account.id,
        peer: to.account.jid,
        encryption: 'off',
      });
    }
    const file = join(work, 'notes.txt');
    writeFileSync(file, randomBytes(2048));
    for (const bad of ['relative/dir', join(work, 'missing'), file]) {
      await expect(
        ben.h.call('settings.set', { key: 'downloadsFolder', accountId: null, value: bad }),
      ).rejects.toThrow(/invalid-payload/);
    }
    expect(ben.h.store.settings.get('downloadsFolder', null)).toBe('');

    const chosen = mkdtempSync(join(work, 'chosen-'));
    await ben.h.call('settings.set', { key: 'downloadsFolder', accountId: null, value: chosen });
    const arrived = ben.h.waitFor('message.added', (m) => m.attachment !== null);
    const [up] = await ada.h.call('files.send', {
      accountId: ada.account.id,
      peer: ben.account.jid,
      files: [ada.h.grant(file)],
    });
    expect(await finished(ada, up!.id)).toMatchObject({ state: 'done' });
    const message = await arrived;
    const t = await ben.h.call('files.download', {
      accountId: ben.account.id,
      messageId: message.id,
    });
    const done = await finished(ben, t.id);
    expect(done).toMatchObject({ state: 'done', localPath: join(chosen, 'notes.txt') });
    expect(readFileSync(done.localPath!).equals(readFileSync(file))).toBe(true);
  });
});
