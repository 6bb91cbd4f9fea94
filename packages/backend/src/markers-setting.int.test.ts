import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '@parley/contract';
import { startProsody, type TestServer } from '@parley/testkit';
import { befriend, login as loginOn } from './test-support/accounts.js';
import type { Harness } from './test-support/harness.js';

let server: TestServer;
const opened: Harness[] = [];
const login = (local: string) => loginOn(server, opened, local);

beforeAll(async () => {
  server = await startProsody();
});
afterAll(async () => {
  await Promise.all(opened.map((h) => h.close(true)));
  await server?.stop();
});

describe('read markers setting (XEP-0333)', () => {
  it('sends no displayed marker while the account has markers off, and does once on', async () => {
    await server.createUser('uma', 'uma-pw');
    await server.createUser('vic', 'vic-pw');
    const uma = await login('uma');
    const vic = await login('vic');
    await befriend(uma, vic);
    expect(vic.h.store.settings.get('sendMarkers', vic.account.id)).toBe(true);
    await vic.h.call('settings.set', {
      key: 'sendMarkers',
      accountId: vic.account.id,
      value: false,
    });

    const seenBy = (m: Message) =>
      uma.h.events.some(
        (e) =>
          e.name === 'message.updated' &&
          (e.payload as Message).id === m.id &&
          (e.payload as Message).displayed,
      );

    const arrived = vic.h.waitFor('message.added', (m) => m.body === 'read me?');
    const first = await uma.h.call('messages.send', {
      accountId: uma.account.id,
      peer: vic.account.jid,
      body: 'read me?',
    });
    await arrived;
    await vic.h.call('conversations.markRead', {
      accountId: vic.account.id,
      peer: uma.account.jid,
    });
    // Same stream, same order: a marker sent on reading would reach uma before this reply.
    const reply = uma.h.waitFor('message.added', (m) => m.body === 'quiet reply');
    await vic.h.call('messages.send', {
      accountId: vic.account.id,
      peer: uma.account.jid,
      body: 'quiet reply',
    });
    await reply;
    expect(seenBy(first)).toBe(false);
    expect(uma.h.store.markers.get(uma.account.id, vic.account.jid).peerDisplayedAt).toBeNull();

    // Markers on again: the next read is told (and only that one).
    await vic.h.call('settings.set', {
      key: 'sendMarkers',
      accountId: vic.account.id,
      value: true,
    });
    const again = vic.h.waitFor('message.added', (m) => m.body === 'and now?');
    const second = await uma.h.call('messages.send', {
      accountId: uma.account.id,
      peer: vic.account.jid,
      body: 'and now?',
    });
    await again;
    const told = uma.h.waitFor(
      'message.updated',
      (m) => m.id === second.id && m.displayed === true,
    );
    await vic.h.call('conversations.markRead', {
      accountId: vic.account.id,
      peer: uma.account.jid,
    });
    await told;
  });
});
