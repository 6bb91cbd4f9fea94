import { afterEach, describe, expect, it } from 'vitest';
import { xml, type Element } from '@xmpp/xml';
import {
  createRoom,
  joinRoom,
  startCrowd,
  startProsody,
  testClient,
  type Crowd,
  type TestClient,
  type TestServer,
} from './index.js';

const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  // Clients and crowds first, the server last (stop() of each is idempotent).
  for (const step of cleanup.splice(0).reverse()) await step().catch(() => {});
});

async function setup(): Promise<{ server: TestServer; owner: TestClient }> {
  const server = await startProsody({ users: [{ local: 'owner', password: 'pw' }] });
  cleanup.push(() => server.stop());
  const owner = await testClient(server, 'owner', 'pw');
  cleanup.push(() => owner.stop());
  await owner.send(xml('presence'));
  return { server, owner };
}

async function crowdOf(...args: Parameters<typeof startCrowd>): Promise<Crowd> {
  const crowd = await startCrowd(...args);
  cleanup.push(() => crowd.close());
  return crowd;
}

async function until(check: () => boolean, ms: number): Promise<void> {
  for (const started = Date.now(); !check() && Date.now() - started < ms;)
    await new Promise((r) => setTimeout(r, 20));
}

/** Resolves with the first stanza `match` accepts (bounded). */
function next(client: TestClient, match: (s: Element) => boolean, ms = 10_000): Promise<Element> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no matching stanza')), ms);
    const on = (s: Element): void => {
      if (!match(s)) return;
      clearTimeout(timer);
      client.removeListener('stanza', on);
      resolve(s);
    };
    client.on('stanza', on);
  });
}

describe('startCrowd', () => {
  it('fills an owner-created room with 50 component occupants that can talk', async () => {
    const { server, owner } = await setup();
    const room = `crowded@${server.mucDomain}`;
    const created = await createRoom(owner, room, 'boss');
    expect(created.created).toBe(true);

    const seen = new Set<string>();
    owner.on('stanza', (s) => {
      const from = s.attrs['from'] ?? '';
      if (s.is('presence') && from.startsWith(`${room}/crowd`) && !s.attrs['type']) seen.add(from);
    });
    const crowd = await crowdOf(server, { count: 50, room, batch: 10 });
    expect(crowd.occupants).toHaveLength(50);
    expect(crowd.jid(7)).toBe(`u7@${server.crowdDomain}/x`);
    // Every join is broadcast to the owner (on its own stream, which may lag the crowd's).
    await until(() => seen.size === 50, 10_000);
    expect(seen.size).toBe(50);

    const message = next(owner, (s) => s.is('message') && s.getChildText('body') === 'hi all');
    await crowd.sendGroupchat(3, 'hi all', 'crowd-msg-1');
    const got = await message;
    expect(got.attrs['from']).toBe(`${room}/crowd3`);
    expect(got.attrs['type']).toBe('groupchat');

    // A late joiner gets all 51 occupants, then its own presence.
    await server.createUser('late', 'pw');
    const late = await testClient(server, 'late', 'pw');
    cleanup.push(() => late.stop());
    const joined = await joinRoom(late, room, 'late');
    expect(joined.occupants).toHaveLength(51);
    expect(joined.statuses).toContain('110');

    const gone = next(
      owner,
      (s) =>
        s.is('presence') &&
        s.attrs['from'] === `${room}/crowd0` &&
        s.attrs['type'] === 'unavailable',
    );
    await crowd.leave(0);
    await gone;
  });

  it('creates and unlocks the room itself when it does not exist', async () => {
    const { server, owner } = await setup();
    const room = `fresh@${server.mucDomain}`;
    await crowdOf(server, { count: 3, room, nickPrefix: 'c' });
    const joined = await joinRoom(owner, room, 'me');
    expect(joined.statuses).not.toContain('201');
    expect(joined.occupants.sort()).toEqual(['c0', 'c1', 'c2']);
  });

  it('seeds 2,000 occupants into a new room, which a joiner then sees in full', async () => {
    const { server, owner } = await setup();
    const room = `seeded@${server.mucDomain}`;
    const started = Date.now();
    const crowd = await crowdOf(server, { count: 2_000, room, seed: true });
    expect(Date.now() - started).toBeLessThan(20_000);
    const joined = await joinRoom(owner, room, 'owner');
    expect(joined.occupants).toHaveLength(2_000);
    expect(new Set(joined.occupants)).toContain('crowd0');

    // Seeded occupants are real occupants: the room relays what they say.
    const message = next(owner, (s) => s.is('message') && s.getChildText('body') === 'seeded');
    await crowd.sendGroupchat(1999, 'seeded');
    expect((await message).attrs['from']).toBe(`${room}/crowd1999`);
  });

  it('fails a join that the room refuses, within its bound', async () => {
    const { server, owner } = await setup();
    const room = `locked@${server.mucDomain}`;
    // Created by the owner but never unlocked: XEP-0045 says others get item-not-found.
    const joined = await joinRoom(owner, room, 'boss');
    expect(joined.statuses).toContain('201');
    await expect(crowdOf(server, { count: 2, room })).rejects.toThrow(/refused/);
  });
});

describe('server config for rooms', () => {
  it('offers bookmarks (XEP-0402) and the crowd component in disco', async () => {
    const { server, owner } = await setup();
    const info = await owner.iqCaller.request(
      xml(
        'iq',
        { type: 'get', to: 'owner@localhost' },
        xml('query', { xmlns: 'http://jabber.org/protocol/disco#info' }),
      ),
    );
    const features = info
      .getChild('query')!
      .getChildren('feature')
      .map((f) => f.attrs['var']);
    expect(features).toContain('urn:xmpp:bookmarks:1#compat');
    const items = await owner.iqCaller.request(
      xml(
        'iq',
        { type: 'get', to: server.domain },
        xml('query', { xmlns: 'http://jabber.org/protocol/disco#items' }),
      ),
    );
    const jids = items
      .getChild('query')!
      .getChildren('item')
      .map((i) => i.attrs['jid']);
    expect(jids).toEqual(expect.arrayContaining([server.mucDomain, server.crowdDomain]));
  });
});
