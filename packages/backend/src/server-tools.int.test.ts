import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleEntry } from '@parley/contract';
import { startProsody, startProxy, type TestProxy, type TestServer } from '@parley/testkit';
import { addOnlineAccount, login, type Device } from './test-support/accounts.js';
import { eventually, startHarness, type Harness } from './test-support/harness.js';

// Server tools against a real Prosody: disco, ad-hoc commands (mod_adhoc + mod_admin_adhoc with
// an admin account), server info (XEP-0157/0092/0012) and the XML console.

let server: TestServer;
let proxy: TestProxy;
const opened: Harness[] = [];
let admin: Device;
let n = 0;

const ADD_USER = 'http://jabber.org/protocol/admin#add-user';
const ONLINE_USERS = 'http://jabber.org/protocol/admin#get-online-users-list';
const USER_STATS = 'http://jabber.org/protocol/admin#user-stats';

async function user(prefix: string): Promise<Device> {
  const local = `${prefix}${++n}`;
  await server.createUser(local, `${local}-pw`);
  return login(server, opened, local);
}

beforeAll(async () => {
  server = await startProsody({
    users: [{ local: 'root', password: 'root-pw' }],
    admins: ['root'],
    extraModules: ['adhoc', 'admin_adhoc', 'invites', 'invites_adhoc'],
    contactInfo: {
      admin: ['xmpp:root@localhost', 'mailto:root@example.org'],
      abuse: ['mailto:abuse@example.org'],
    },
  });
  proxy = await startProxy(server.c2sPort);
  admin = await login(server, opened, 'root');
});
afterAll(async () => {
  await Promise.all(opened.map((h) => h.close(true)));
  await proxy?.close();
  await server?.stop();
});

describe('service discovery', () => {
  it('browses the server, then its MUC service and a room on it', async () => {
    const { h, account } = admin;
    const top = await h.call('servertools.disco.browse', { accountId: account.id });
    expect(top.jid).toBe(server.domain);
    expect(top.infoError).toBeNull();
    expect(top.identities).toContainEqual(expect.objectContaining({ category: 'server' }));
    expect(top.features).toContain('http://jabber.org/protocol/disco#info');
    expect(top.features).toContain('http://jabber.org/protocol/commands');
    expect(top.items.map((i) => i.jid)).toContain(server.mucDomain);
    expect(top.truncated).toBe(false);

    const room = `lounge${++n}@${server.mucDomain}`;
    await h.call('rooms.create', { accountId: account.id, room, nick: 'Root' });
    const muc = await h.call('servertools.disco.browse', {
      accountId: account.id,
      jid: server.mucDomain,
    });
    expect(muc.identities).toContainEqual(
      expect.objectContaining({ category: 'conference', type: 'text' }),
    );
    expect(muc.features).toContain('http://jabber.org/protocol/muc');
    expect(muc.items.map((i) => i.jid)).toContain(room);
    const roomInfo = await h.call('servertools.disco.browse', { accountId: account.id, jid: room });
    expect(roomInfo.features).toContain('http://jabber.org/protocol/muc');
  });

  it('says in words when an entity does not exist', async () => {
    const { h, account } = admin;
    const nowhere = await h.call('servertools.disco.browse', {
      accountId: account.id,
      jid: `nobody.${server.domain}`,
    });
    // Prosody refuses remote domains when s2s is off: the reason is given in words.
    expect(nowhere.infoError).toMatch(/^Asking nobody\.localhost what it is .+ \(not-allowed/u);
    expect(nowhere.items).toEqual([]);
  });
});

describe('ad-hoc commands', () => {
  it('as admin: lists the admin commands and gets the list of online users', async () => {
    const { h, account } = admin;
    const { commands } = await h.call('servertools.adhoc.list', {
      accountId: account.id,
      jid: server.domain,
    });
    const nodes = commands.map((c) => c.node);
    expect(nodes).toEqual(expect.arrayContaining([ADD_USER, ONLINE_USERS, USER_STATS]));
    expect(commands.find((c) => c.node === ADD_USER)?.name).toBe('Add User');

    const first = await h.call('servertools.adhoc.execute', {
      accountId: account.id,
      jid: server.domain,
      node: ONLINE_USERS,
    });
    expect(first.status).toBe('executing');
    expect(first.sessionId).not.toBeNull();
    expect(first.actions).toContain('complete');
    expect(first.form?.fields.map((f) => f.var)).toContain('max_items');
    const done = await h.call('servertools.adhoc.step', {
      accountId: account.id,
      sessionId: first.sessionId!,
      action: 'complete',
      values: { max_items: ['all'], details: ['0'] },
    });
    expect(done.status).toBe('completed');
    const list = done.result?.fields.find((f) => f.var === 'onlineuserjids');
    expect(list?.values.join('\n')).toContain(`root@${server.domain}`);
  });

  it('as admin: adds a user in two steps, and the new user logs in', async () => {
    const { h, account } = admin;
    const first = await h.call('servertools.adhoc.execute', {
      accountId: account.id,
      jid: server.domain,
      node: ADD_USER,
    });
    expect(first.form?.title).toBe('Adding a User');
    expect(first.form?.fields.find((f) => f.var === 'password')?.type).toBe('text-private');
    const local = `made${++n}`;
    const done = await h.call('servertools.adhoc.step', {
      accountId: account.id,
      sessionId: first.sessionId!,
      action: 'complete',
      values: {
        accountjid: [`${local}@${server.domain}`],
        password: [`${local}-pw`],
        'password-verify': [`${local}-pw`],
      },
    });
    expect(done.status).toBe('completed');
    expect(done.notes).toContainEqual({ type: 'info', text: 'Account successfully created' });
    // The session is over: another step is refused in words.
    await expect(
      h.call('servertools.adhoc.step', {
        accountId: account.id,
        sessionId: first.sessionId!,
        action: 'complete',
        values: {},
      }),
    ).rejects.toThrow(/no longer running/u);
    const made = await login(server, opened, local);
    const [madeAccount] = await made.h.call('accounts.list', {});
    expect(madeAccount?.state).toBe('online');

    const stats = await h.call('servertools.adhoc.execute', {
      accountId: account.id,
      jid: server.domain,
      node: USER_STATS,
    });
    const statsDone = await h.call('servertools.adhoc.step', {
      accountId: account.id,
      sessionId: stats.sessionId!,
      action: 'complete',
      values: { accountjid: [`${local}@${server.domain}`] },
    });
    expect(statsDone.status).toBe('completed');
    expect(statsDone.result?.fields.find((f) => f.var === 'rostersize')?.values).toEqual(['0']);
  });

  it('an error note is shown when the passwords differ, and cancel ends a session', async () => {
    const { h, account } = admin;
    const first = await h.call('servertools.adhoc.execute', {
      accountId: account.id,
      jid: server.domain,
      node: ADD_USER,
    });
    const done = await h.call('servertools.adhoc.step', {
      accountId: account.id,
      sessionId: first.sessionId!,
      action: 'complete',
      values: {
        accountjid: [`x${++n}@${server.domain}`],
        password: ['a'],
        'password-verify': ['b'],
      },
    });
    expect(done.notes[0]?.type).toBe('error');
    expect(done.notes[0]?.text).toMatch(/Password mismatch/u);

    const again = await h.call('servertools.adhoc.execute', {
      accountId: account.id,
      jid: server.domain,
      node: ADD_USER,
    });
    await h.call('servertools.adhoc.cancel', {
      accountId: account.id,
      sessionId: again.sessionId!,
    });
    await expect(
      h.call('servertools.adhoc.step', {
        accountId: account.id,
        sessionId: again.sessionId!,
        action: 'complete',
        values: {},
      }),
    ).rejects.toThrow(/no longer running/u);
  });

  it('a non-admin sees no admin command and is refused one in words', async () => {
    const plain = await user('plain');
    const { commands } = await plain.h.call('servertools.adhoc.list', {
      accountId: plain.account.id,
      jid: server.domain,
    });
    const nodes = commands.map((c) => c.node);
    expect(nodes).not.toContain(ADD_USER);
    expect(nodes.some((node) => node.startsWith('http://jabber.org/protocol/admin#'))).toBe(false);
    await expect(
      plain.h.call('servertools.adhoc.execute', {
        accountId: plain.account.id,
        jid: server.domain,
        node: ADD_USER,
      }),
    ).rejects.toThrow(/not allowed for this account \(forbidden/u);
  });
});

describe('server info', () => {
  it('shows contact addresses, software version and uptime', async () => {
    const info = await admin.h.call('servertools.serverInfo', { accountId: admin.account.id });
    expect(info.domain).toBe(server.domain);
    expect(info.problems).toEqual([]);
    expect(info.contacts).toEqual(
      expect.arrayContaining([
        {
          kind: 'admin-addresses',
          addresses: ['xmpp:root@localhost', 'mailto:root@example.org'],
        },
        { kind: 'abuse-addresses', addresses: ['mailto:abuse@example.org'] },
      ]),
    );
    expect(info.software?.name).toBe('Prosody');
    expect(info.software?.version).toMatch(/^0\.12/u);
    expect(info.uptimeSeconds).toBeGreaterThanOrEqual(0);
    expect(info.uptimeSeconds).toBeLessThan(3600);
  });
});

describe('XML console', () => {
  async function readAll(h: Harness, accountId: string, after = -1): Promise<ConsoleEntry[]> {
    return (await h.call('servertools.console.read', { accountId, after })).entries;
  }

  it('captures a message round trip, never the password, and only while open', async () => {
    const local = `con${++n}`;
    const password = `${local}-secret-pw`;
    await server.createUser(local, password);
    const h = startHarness({ caPem: server.caPem });
    opened.push(h);
    // Through the relay, so the link can be cut and the login seen again with the console open.
    const account = await addOnlineAccount(h, { ...server, c2sPort: proxy.port }, local, {
      password,
    });
    const peer = await user('peer');

    await h.call('messages.send', {
      accountId: account.id,
      peer: peer.account.jid,
      body: 'before',
    });
    await h.call('servertools.console.open', { accountId: account.id });
    expect(await readAll(h, account.id)).toEqual([]);

    await h.call('messages.send', { accountId: account.id, peer: peer.account.jid, body: 'ping1' });
    await peer.h.call('messages.send', {
      accountId: peer.account.id,
      peer: account.jid,
      body: 'pong1',
    });
    const entries = await eventually(async () => {
      const all = await readAll(h, account.id);
      const from = `from="${peer.account.jid}/`;
      return all.some((e) => e.kind === 'message' && e.direction === 'in' && e.xml.includes(from))
        ? all
        : undefined;
    });
    const to = `to="${peer.account.jid}"`;
    const out = entries.find(
      (e) => e.kind === 'message' && e.direction === 'out' && e.xml.includes(to),
    );
    expect(out?.xml).toMatch(/^<message[^>]*>\n {2}</u); // pretty-printed
    // Whatever OMEMO key elements went by (both sides encrypt by default), none is readable.
    for (const e of entries) expect(e.xml).not.toMatch(/<key [^>]*>(?!\[masked\])[^<]+<\/key>/u);

    // A cut link: the session logs in again while the console watches.
    const back = h.waitFor('account.changed', (a) => a.id === account.id && a.state === 'online');
    proxy.cut();
    await back;
    const after = await eventually(async () => {
      const all = await readAll(h, account.id);
      return all.some((e) => e.xml.includes('<auth')) ? all : undefined;
    });
    const auth = after.find((e) => e.xml.includes('<auth'));
    expect(auth?.xml).toContain('[masked]');
    const text = after.map((e) => e.xml).join('\n');
    expect(text).not.toContain(password);
    expect(text).not.toContain(Buffer.from(password).toString('base64'));

    // Closed: nothing more is kept or read.
    await h.call('servertools.console.close', { accountId: account.id });
    await h.call('messages.send', { accountId: account.id, peer: peer.account.jid, body: 'late' });
    expect(await readAll(h, account.id)).toEqual([]);
  });

  it('masks an invite token in the console while the command shows it to the user', async () => {
    const { h, account } = admin;
    await h.call('servertools.console.open', { accountId: account.id });
    const done = await h.call('servertools.adhoc.execute', {
      accountId: account.id,
      jid: server.domain,
      node: 'urn:xmpp:invite#invite',
    });
    expect(done.status).toBe('completed');
    const uri = done.result?.fields.find((f) => f.var === 'uri')?.values[0] ?? '';
    const token = /preauth=([^;&]+)/u.exec(uri)?.[1];
    expect(token).toBeTruthy();
    const logged = await eventually(async () => {
      const all = await readAll(h, account.id);
      const answer = all.find(
        (e) => e.direction === 'in' && e.xml.includes('urn:xmpp:invite#invite'),
      );
      return answer ? all : undefined;
    });
    const text = logged.map((e) => e.xml).join('\n');
    expect(text).toContain('preauth=[masked]');
    expect(text).not.toContain(token!);
    await h.call('servertools.console.close', { accountId: account.id });
  });

  it('sends raw XML: an iq is answered, a stream element is refused in words', async () => {
    const { h, account } = admin;
    await h.call('servertools.console.open', { accountId: account.id });
    const { reply } = await h.call('servertools.console.send', {
      accountId: account.id,
      xml: `<iq type="get" to="${server.domain}" id="raw1"><query xmlns="jabber:iq:version"/></iq>`,
    });
    expect(reply).toContain('<name>Prosody</name>');
    const logged = await eventually(async () => {
      const all = await readAll(h, account.id);
      return all.some((e) => e.direction === 'in' && e.xml.includes('Prosody')) ? all : undefined;
    });
    expect(logged.some((e) => e.direction === 'out' && e.xml.includes('id="raw1"'))).toBe(true);

    const error = await h.call('servertools.console.send', {
      accountId: account.id,
      xml: `<iq type="get" to="${server.domain}" id="raw2"><query xmlns="urn:example:none"/></iq>`,
    });
    expect(error.reply).toContain('service-unavailable');

    await expect(
      h.call('servertools.console.send', {
        accountId: account.id,
        xml: '<auth xmlns="urn:ietf:params:xml:ns:xmpp-sasl" mechanism="PLAIN">AGEAYg==</auth>',
      }),
    ).rejects.toThrow(/Only <message\/>, <presence\/> or <iq\/> can be sent, not <auth\/>/u);
    await expect(
      h.call('servertools.console.send', { accountId: account.id, xml: '<message><body>x' }),
    ).rejects.toThrow(/not well-formed/u);
    await h.call('servertools.console.close', { accountId: account.id });
  });
});
