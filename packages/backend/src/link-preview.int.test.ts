import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProsody, type TestServer } from '@parley/testkit';
import { befriend, login as loginOn, type Device } from './test-support/accounts.js';
import type { Harness } from './test-support/harness.js';
import { startHttpServer, type TestHttpServer } from './test-support/http-server.js';

let server: TestServer;
let web: TestHttpServer;
const opened: Harness[] = [];
const login = async (local: string): Promise<Device> => {
  await server.createUser(local, `${local}-pw`);
  return loginOn(server, opened, local);
};

beforeAll(async () => {
  server = await startProsody();
  web = await startHttpServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      '<html><head><meta property="og:title" content="Tea at five">' +
        '<meta property="og:description" content="A short guide"></head><body></body></html>',
    );
  });
});
afterAll(async () => {
  await Promise.all(opened.map((h) => h.close(true)));
  await server?.stop();
  await web?.close();
});

describe('link previews', () => {
  it('off by default; on, a card for a contact’s or our own link, never a stranger’s', async () => {
    const ivy = await login('ivy');
    const jon = await login('jon');
    const zed = await login('zed');
    await befriend(ivy, jon);
    const link = `${web.origin}/guide`;
    const received = async (from: Device, body: string) => {
      const arrived = ivy.h.waitFor('message.added', (m) => m.body === body);
      await from.h.call('messages.send', {
        accountId: from.account.id,
        peer: ivy.account.jid,
        body,
      });
      return arrived;
    };
    const preview = (messageId: string) =>
      ivy.h.call('links.preview', { accountId: ivy.account.id, messageId });

    const fromJon = await received(jon, `look: ${link}.`);
    expect(await preview(fromJon.id)).toEqual({ preview: null });
    expect(web.requests).toHaveLength(0);

    await ivy.h.call('settings.set', { key: 'linkPreviews', accountId: null, value: true });
    expect(await preview(fromJon.id)).toEqual({
      preview: { url: link, title: 'Tea at five', description: 'A short guide', site: '127.0.0.1' },
    });
    expect(web.requests).toHaveLength(1);

    // A stranger's link is never fetched.
    const fromZed = await received(zed, `${web.origin}/from-a-stranger`);
    expect(await preview(fromZed.id)).toEqual({ preview: null });
    expect(web.requests.map((r) => r.url)).not.toContain('/from-a-stranger');

    // Our own: yes (the same page again comes from the cache).
    const mine = await ivy.h.call('messages.send', {
      accountId: ivy.account.id,
      peer: jon.account.jid,
      body: `${link} see above`,
    });
    expect((await preview(mine.id)).preview?.title).toBe('Tea at five');
    expect(web.requests).toHaveLength(1);
  });
});
