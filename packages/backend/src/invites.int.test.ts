import { startProsody, type TestServer } from '@parley/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addOnlineAccount } from './test-support/accounts.js';
import { slixmppMissing, startPythonPeer } from './test-support/python-peer.js';
import { eventually, startHarness, type Harness } from './test-support/harness.js';

// Alice is an admin (her contact invites let the invitee register, and she may make account
// invites); bob is not; carol is a user who already has an account.
let server: TestServer;
let shortLived: TestServer;
let plain: TestServer;
const harnesses: Harness[] = [];

beforeAll(async () => {
  const users = ['alice', 'bob', 'carol', 'erin', 'fred', 'gwen'].map((local) => ({
    local,
    password: `${local}-pw`,
  }));
  [server, shortLived, plain] = await Promise.all([
    startProsody({ invites: {}, admins: ['alice'], users }),
    startProsody({ invites: { expirySeconds: 1 }, admins: ['alice'], users: users.slice(0, 1) }),
    // Another domain: an invitation from localhost is not for it.
    startProsody({ domain: 'parley.test', users: users.slice(0, 1) }),
  ]);
});

afterAll(async () => {
  await Promise.all(harnesses.map((h) => h.close(true)));
  await Promise.all([server?.stop(), shortLived?.stop(), plain?.stop()]);
});

function harness(s: TestServer = server): Harness {
  const h = startHarness({ caPem: s.caPem });
  harnesses.push(h);
  return h;
}

const where = (s: TestServer) => ({ host: s.host, port: s.c2sPort, tlsMode: 'starttls' as const });

async function invite(h: Harness, accountId: string, kind: 'contact' | 'account') {
  const made = await h.call('invites.create', { accountId, kind });
  if (!made.ok) throw new Error(made.failure.message);
  return made.invite;
}

async function signUp(h: Harness, s: TestServer, uri: string | null, local: string) {
  const started = await h.call('registration.start', {
    server: s.domain,
    ...where(s),
    invite: uri,
  });
  if (!started.ok) return started;
  return h.call('registration.submit', {
    id: started.form.id,
    values: { username: [local], password: [`${local}-pw`] },
  });
}

/** The contact as the account's roster shows it, once `match` holds. */
function contactOf(h: Harness, accountId: string, peer: string, match: RegExp) {
  return eventually(async () => {
    const roster = await h.call('roster.list', { accountId });
    const c = roster.find((x) => x.jid === peer);
    return c && match.test(`${c.subscription} ${c.show}`) ? c : undefined;
  });
}

/**
 * `local` (with an account) opens `uri`: its token does not apply, so the inviter is asked as
 * for any subscription request. The newcomer's harness and account, to look further.
 */
async function askedInstead(inviter: Harness, inviterJid: string, local: string, uri: string) {
  const h = harness();
  const account = await addOnlineAccount(h, server, local);
  const jid = `${local}@localhost`;
  const asked = inviter.waitFor('subscription.requested', (r) => r.jid === jid, 8_000);
  const opened = await h.call('invites.accept', { accountId: account.id, uri });
  expect(opened).toEqual({ ok: true, contact: inviterJid, approved: false });
  await asked;
  return { h, account };
}

describe('contact invitations (XEP-0379)', () => {
  it('a new user registers with Alice’s invite: both subscribed both ways and online', async () => {
    const a = harness();
    const alice = await addOnlineAccount(a, server, 'alice');
    const made = await invite(a, alice.id, 'contact');
    expect(made.uri).toMatch(/^xmpp:alice@localhost\?roster;preauth=[\w-]+;ibr=y$/u);
    // Prosody's default: a week.
    expect(made.expiresAt! - Date.now()).toBeGreaterThan(6.9 * 86_400_000);

    const d = harness();
    const answer = await signUp(d, server, made.uri, 'dave');
    if (!answer.ok) throw new Error(answer.failure.message);
    const dave = answer.account;
    expect(dave.jid).toBe('dave@localhost');
    expect(await contactOf(d, dave.id, 'alice@localhost', /^both (?!offline)/u)).toBeTruthy();
    expect(await contactOf(a, alice.id, 'dave@localhost', /^both (?!offline)/u)).toBeTruthy();
    // Prosody made the subscriptions at registration (mod_invites_register): nobody was asked.
    expect(a.events.some((e) => e.name === 'subscription.requested')).toBe(false);
    expect(d.events.some((e) => e.name === 'subscription.requested')).toBe(false);

    // The token is spent: a second sign-up with it is refused, in words.
    const again = await signUp(harness(), server, made.uri, 'dave2');
    expect(again).toMatchObject({ ok: false, failure: { code: 'invite-invalid' } });
    expect(again.ok ? '' : again.failure.message).toMatch(/expired, has already been used/u);
  });

  it('an existing user opens the invite: the inviter is added and both are subscribed', async () => {
    const a = harness();
    const alice = await addOnlineAccount(a, server, 'alice');
    const c = harness();
    const carol = await addOnlineAccount(c, server, 'carol');
    const made = await invite(a, alice.id, 'contact');
    const opened = await c.call('invites.accept', { accountId: carol.id, uri: made.uri });
    expect(opened).toEqual({ ok: true, contact: 'alice@localhost', approved: true });
    expect(await contactOf(c, carol.id, 'alice@localhost', /^both (?!offline)/u)).toBeTruthy();
    expect(await contactOf(a, alice.id, 'carol@localhost', /^both (?!offline)/u)).toBeTruthy();
    // No request was left for Alice to answer: her server approved with the token.
    expect(a.events.some((e) => e.name === 'subscription.requested')).toBe(false);
  });

  it('an unknown token is no approval: the request waits for the inviter', async () => {
    const a = harness();
    await addOnlineAccount(a, server, 'alice');
    const uri = 'xmpp:alice@localhost?roster;preauth=not-a-real-token';
    await askedInstead(a, 'alice@localhost', 'erin', uri);
  });

  it('a used invite opened by someone else is no approval: a plain request, said so', async () => {
    const a = harness();
    const alice = await addOnlineAccount(a, server, 'alice');
    const made = await invite(a, alice.id, 'contact');
    const b = harness();
    const bob = await addOnlineAccount(b, server, 'bob');
    const first = await b.call('invites.accept', { accountId: bob.id, uri: made.uri });
    expect(first).toEqual({ ok: true, contact: 'alice@localhost', approved: true });
    expect(await contactOf(a, alice.id, 'bob@localhost', /^both (?!offline)/u)).toBeTruthy();

    // Fred opens the same link: the token is spent, so Alice is asked as for any request.
    const fred = await askedInstead(a, 'alice@localhost', 'fred', made.uri);
    // Fred waits for Alice's answer: his request is pending, not a subscription.
    const waiting = await contactOf(fred.h, fred.account.id, 'alice@localhost', /^none/u);
    expect(waiting).toMatchObject({ jid: 'alice@localhost', subscription: 'none' });
  });

  it('refuses links that are not contact invitations, and one’s own', async () => {
    const a = harness();
    const alice = await addOnlineAccount(a, server, 'alice');
    const own = await invite(a, alice.id, 'contact');
    const cases = [own.uri, 'xmpp:localhost?register;preauth=abc', 'xmpp:bob@localhost?message'];
    for (const uri of cases) {
      const answer = await a.call('invites.accept', { accountId: alice.id, uri });
      expect(answer).toMatchObject({ ok: false, failure: { code: 'not-an-invitation' } });
    }
    expect(await a.raw('invites.accept', { accountId: alice.id, uri: 'https://x' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-payload' },
    });
  });
});

describe('account invitations (XEP-0401)', () => {
  it('an admin makes account invites; a user only contact invites, without registration', async () => {
    const a = harness();
    const alice = await addOnlineAccount(a, server, 'alice');
    expect(await a.call('invites.capabilities', { accountId: alice.id })).toEqual({
      contact: true,
      account: true,
    });
    const made = await invite(a, alice.id, 'account');
    expect(made).toMatchObject({ kind: 'account', landingUrl: null });
    expect(made.uri).toMatch(/^xmpp:localhost\?register;preauth=[\w-]+$/u);
    const f = harness();
    const frank = await signUp(f, server, made.uri, 'frank');
    expect(frank).toMatchObject({ ok: true, account: { jid: 'frank@localhost' } });

    const b = harness();
    const bob = await addOnlineAccount(b, server, 'bob');
    expect(await b.call('invites.capabilities', { accountId: bob.id })).toEqual({
      contact: true,
      account: false,
    });
    expect(await b.call('invites.create', { accountId: bob.id, kind: 'account' })).toMatchObject({
      ok: false,
      failure: { code: 'forbidden' },
    });
    const contact = await invite(b, bob.id, 'contact');
    // allow_user_invites is off: no ibr=y, and registering with it is refused.
    expect(contact.uri).not.toMatch(/ibr=y/u);
    const refused = await signUp(harness(), server, contact.uri, 'gina');
    expect(refused).toMatchObject({ ok: false, failure: { code: 'bad-request' } });
    // Someone with an account opens it: Prosody 0.12.3 fails on such a token (mod_invites.lua:194
    // indexes the missing account-invite record), so the request waits for Bob to answer it.
    await askedInstead(b, 'bob@localhost', 'erin', contact.uri);
  });

  it('registers with an invite made by prosodyctl; a taken username is said so', async () => {
    const uri = await server.generateAccountInvite();
    const h = harness();
    const taken = await signUp(h, server, uri, 'alice');
    expect(taken).toMatchObject({ ok: false, failure: { code: 'taken' } });
    // The refusal did not spend the token.
    const hank = await signUp(harness(), server, uri, 'hank');
    expect(hank).toMatchObject({ ok: true, account: { jid: 'hank@localhost' } });
  });

  it('an expired or unknown token, or none, is refused before the form', async () => {
    const a = harness(shortLived);
    const alice = await addOnlineAccount(a, shortLived, 'alice');
    const made = await invite(a, alice.id, 'account');
    await new Promise((r) => setTimeout(r, 2_200));
    const expired = await signUp(harness(shortLived), shortLived, made.uri, 'ivan');
    expect(expired).toMatchObject({
      ok: false,
      failure: {
        code: 'invite-invalid',
        message:
          'The invitation was refused: it has expired, has already been used, or this server does not know it.',
        text: { id: 'invite.refused' },
      },
    });
    const bogus = 'xmpp:localhost?register;preauth=AAAAAAAAAAAAAAAAAAAAAAAA';
    const unknown = await signUp(harness(), server, bogus, 'ivan');
    expect(unknown).toMatchObject({ ok: false, failure: { code: 'invite-invalid' } });
    const none = await signUp(harness(), server, null, 'ivan');
    expect(none).toMatchObject({ ok: false, failure: { code: 'invite-required' } });
    expect(none.ok ? '' : none.failure.message).toMatch(/through invitation only/u);
  });

  it('an invitation for another server is refused before connecting, in words', async () => {
    const a = harness();
    const alice = await addOnlineAccount(a, server, 'alice');
    const made = await invite(a, alice.id, 'account');
    // Alice's link is for localhost; the newcomer tries it on parley.test.
    const foreign = await signUp(harness(plain), plain, made.uri, 'olga');
    expect(foreign).toMatchObject({
      ok: false,
      failure: {
        code: 'bad-request',
        message: 'This invitation is for localhost, not parley.test.',
        text: {
          id: 'invite.other-server',
          params: { invited: 'localhost', server: 'parley.test' },
        },
      },
    });
    // The token was not sent anywhere: it still registers on its own server.
    const olga = await signUp(harness(), server, made.uri, 'olga');
    expect(olga).toMatchObject({ ok: true, account: { jid: 'olga@localhost' } });
  });

  it('a server without invitations offers none and says so', async () => {
    const h = harness(plain);
    const alice = await addOnlineAccount(h, plain, 'alice');
    expect(await h.call('invites.capabilities', { accountId: alice.id })).toEqual({
      contact: false,
      account: false,
    });
    expect(await h.call('invites.create', { accountId: alice.id, kind: 'contact' })).toMatchObject({
      ok: false,
      failure: { code: 'not-supported' },
    });
    const uri = `xmpp:${plain.domain}?register;preauth=x`;
    const other = await signUp(harness(plain), plain, uri, 'v');
    expect(other).toMatchObject({ ok: false });
  });
});

describe.skipIf(slixmppMissing())('interoperability with slixmpp', () => {
  it('slixmpp registers with Alice’s token: mutual subscription, each sees the other', async () => {
    const a = harness();
    const alice = await addOnlineAccount(a, server, 'alice');
    const made = await invite(a, alice.id, 'contact');
    const token = /preauth=([^;]+)/u.exec(made.uri)![1]!;
    const newcomer = { jid: 'slixa@localhost', local: 'slixa', password: 'slixa-pw' };
    const args = ['--token', token, '--inviter', 'alice@localhost'];
    const p = startPythonPeer('slixmpp-invitee-peer.py', args, server, newcomer, 30_000);
    try {
      await p.next('registered');
      expect((await p.next('roster')).subscription).toBe('both');
      await p.next('inviter-online');
      expect(await contactOf(a, alice.id, 'slixa@localhost', /^both (?!offline)/u)).toBeTruthy();
    } finally {
      p.end();
      await p.finish();
    }
  });

  it('slixmpp with a used token is refused with forbidden', async () => {
    const uri = await server.generateAccountInvite();
    expect(await signUp(harness(), server, uri, 'jack')).toMatchObject({ ok: true });
    const token = /preauth=([^;]+)/u.exec(uri)![1]!;
    const who = { jid: 'slixb@localhost', local: 'slixb', password: 'slixb-pw' };
    const args = ['--token', token, '--inviter', 'alice@localhost'];
    const p = startPythonPeer('slixmpp-invitee-peer.py', args, server, who, 30_000);
    expect(await p.next('refused')).toMatchObject({ condition: 'forbidden' });
    p.end();
    await p.finish();
  });
});
