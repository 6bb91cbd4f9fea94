import { createServer, type AddressInfo } from 'node:net';
import { startProsody, type TestServer } from '@parley/testkit';
import { Session, SessionError } from '@parley/xmpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PENDING, Registrations } from './runtime/registration.js';
import { eventually, startHarness, type Harness } from './test-support/harness.js';

let open: TestServer;
let closed: TestServer;
const harnesses: Harness[] = [];

beforeAll(async () => {
  [open, closed] = await Promise.all([
    startProsody({ allowRegistration: true }),
    startProsody({ users: [{ local: 'zoe', password: 'zoe-pw' }] }),
  ]);
});

afterAll(async () => {
  await Promise.all(harnesses.map((h) => h.close(true)));
  await Promise.all([open?.stop(), closed?.stop()]);
});

function harness(caPem: string): Harness {
  const h = startHarness({ caPem });
  harnesses.push(h);
  return h;
}

const where = (server: TestServer) => ({
  host: server.host,
  port: server.c2sPort,
  tlsMode: 'starttls' as const,
});

/** Logs in with a bare Session (not through Parley): the server's view of the password. */
async function canLogIn(server: TestServer, jid: string, password: string): Promise<boolean> {
  const s = new Session({
    jid,
    password,
    resource: 'check',
    ...where(server),
    trust: { caPem: server.caPem },
  });
  try {
    await s.start();
    return true;
  } catch (err) {
    if (err instanceof SessionError && err.code === 'auth-failed') return false;
    throw err;
  } finally {
    await s.stop();
  }
}

const online = (h: Harness, jid: string) =>
  h.waitFor('account.changed', (a) => a.jid === jid && a.state === 'online');

async function register(h: Harness, local: string, password: string) {
  const started = await h.call('registration.start', { server: open.domain, ...where(open) });
  if (!started.ok) throw new Error(started.failure.message);
  return h.call('registration.submit', {
    id: started.form.id,
    values: { username: [local], password: [password] },
  });
}

describe('first sign-in (trial connection)', () => {
  it('keeps nothing after a wrong password and says why', async () => {
    const h = harness(closed.caPem);
    const answer = await h.call('accounts.signIn', {
      jid: `zoe@${closed.domain}`,
      password: 'wrong',
      ...where(closed),
    });
    expect(answer).toMatchObject({ ok: false, failure: { code: 'auth-failed' } });
    expect(answer.ok ? '' : answer.failure.message).toMatch(/refused the password/);
    expect(h.store.accounts.list()).toEqual([]);
    expect(await h.call('accounts.list', {})).toEqual([]);
  });

  it('keeps nothing when the server cannot be reached', async () => {
    const h = harness(closed.caPem);
    const unused = createServer();
    await new Promise<void>((r) => unused.listen(0, '127.0.0.1', r));
    const port = (unused.address() as AddressInfo).port;
    await new Promise((r) => unused.close(r));
    const answer = await h.call('accounts.signIn', {
      jid: `zoe@${closed.domain}`,
      password: 'zoe-pw',
      host: '127.0.0.1',
      port,
      tlsMode: 'starttls',
    });
    expect(answer).toMatchObject({ ok: false, failure: { code: 'host-unreachable' } });
    expect(h.store.accounts.list()).toEqual([]);
  });

  it('shows an untrusted certificate, pins only that one, then saves and connects', async () => {
    const h = harness(''); // the test CA is not trusted: the server's certificate is unknown
    const request = { jid: `zoe@${closed.domain}`, password: 'zoe-pw', ...where(closed) };
    const first = await h.call('accounts.signIn', request);
    if (first.ok) throw new Error('signed in with an untrusted certificate');
    expect(first.failure.code).toBe('certificate-untrusted');
    const fingerprint = first.failure.certificate?.fingerprint256 ?? '';
    expect(fingerprint).toMatch(/^[0-9A-F:]{95}$/);
    expect(h.store.accounts.list()).toEqual([]);

    const madeUp = await h.raw('accounts.signIn', {
      ...request,
      pinnedFingerprint256: fingerprint.replace(/^../, fingerprint.startsWith('AA') ? 'BB' : 'AA'),
    });
    expect(madeUp).toMatchObject({ ok: false, error: { code: 'conflict' } });

    const connected = online(h, request.jid);
    const second = await h.call('accounts.signIn', {
      ...request,
      pinnedFingerprint256: fingerprint,
    });
    expect(second).toMatchObject({ ok: true, account: { jid: request.jid } });
    await connected;
    expect(h.store.accounts.list()[0]?.pinnedFingerprint256).toBe(fingerprint);
  });
});

describe('in-band registration (XEP-0077) through the backend', () => {
  it('creates the account, saves it and signs in', async () => {
    const h = harness(open.caPem);
    const started = await h.call('registration.start', { server: open.domain, ...where(open) });
    if (!started.ok) throw new Error(started.failure.message);
    expect(started.form.form.fields.map((f) => f.var)).toEqual(
      expect.arrayContaining(['username', 'password']),
    );
    const jid = `fresh@${open.domain}`;
    const connected = online(h, jid);
    const done = await h.call('registration.submit', {
      id: started.form.id,
      values: { username: ['fresh'], password: ['fresh-pw'] },
    });
    expect(done).toMatchObject({ ok: true, account: { jid } });
    await connected;
    expect(h.store.accounts.list().map((a) => a.jid)).toEqual([jid]);
    expect(await canLogIn(open, jid, 'fresh-pw')).toBe(true);
  });

  it('says the username is taken, and the same form then takes another one', async () => {
    const h = harness(open.caPem);
    await open.createUser('occupied', 'x-pw');
    const started = await h.call('registration.start', { server: open.domain, ...where(open) });
    if (!started.ok) throw new Error(started.failure.message);
    const taken = await h.call('registration.submit', {
      id: started.form.id,
      values: { username: ['occupied'], password: ['pw-1'] },
    });
    expect(taken).toMatchObject({ ok: false, failure: { code: 'taken' } });
    expect(taken.ok ? '' : taken.failure.message).toMatch(/already taken/);
    expect(h.store.accounts.list()).toEqual([]);
    const retry = await h.call('registration.submit', {
      id: started.form.id,
      values: { username: ['unoccupied'], password: ['pw-2'] },
    });
    expect(retry.ok).toBe(true);
  });

  it('fetches the form again when the server closed the idle stream', async () => {
    const registrations = new Registrations(() => ({ caPem: open.caPem }));
    const started = await registrations.start({
      server: open.domain,
      ...where(open),
      pinnedFingerprint256: null,
    });
    if (!started.ok) throw new Error(started.failure.message);
    await registrations.closeStreamOf(started.form.id);
    const done = await registrations.submit(started.form.id, {
      username: ['patient'],
      password: ['patient-pw'],
    });
    expect(done).toMatchObject({ ok: true, account: { jid: `patient@${open.domain}` } });
    expect(registrations.size).toBe(0);
    expect(await canLogIn(open, `patient@${open.domain}`, 'patient-pw')).toBe(true);
  });

  it('bounds the sign-ups held open at once', async () => {
    const registrations = new Registrations(() => ({ caPem: open.caPem }));
    const ids: string[] = [];
    for (let i = 0; i < MAX_PENDING + 2; i++) {
      const started = await registrations.start({
        server: open.domain,
        ...where(open),
        pinnedFingerprint256: null,
      });
      if (!started.ok) throw new Error(started.failure.message);
      ids.push(started.form.id);
    }
    expect(registrations.size).toBe(MAX_PENDING);
    const oldest = await registrations.submit(ids[0] ?? '', { username: ['x'], password: ['y'] });
    expect(oldest).toMatchObject({ ok: false, failure: { code: 'timeout' } });
    registrations.stopAll();
    expect(registrations.size).toBe(0);
  });

  it('is refused with words where the server does not allow it', async () => {
    const h = harness(closed.caPem);
    const started = await h.call('registration.start', {
      server: closed.domain,
      ...where(closed),
    });
    expect(started).toMatchObject({ ok: false, failure: { code: 'not-allowed' } });
    expect(started.ok ? '' : started.failure.message).toMatch(/does not allow creating accounts/);
  });
});

describe('password change and account deletion (XEP-0077 §3.3, §3.2)', () => {
  it('changes the password on the server and in the store', async () => {
    const h = harness(open.caPem);
    const jid = `changer@${open.domain}`;
    const connected = online(h, jid);
    const done = await register(h, 'changer', 'old-pw');
    if (!done.ok) throw new Error(done.failure.message);
    await connected;
    const changed = await h.call('account.password.change', {
      accountId: done.account.id,
      password: 'new-pw',
    });
    expect(changed).toEqual({ ok: true });
    expect(h.store.accounts.get(done.account.id)?.password).toBe('new-pw');
    expect(await canLogIn(open, jid, 'new-pw')).toBe(true);
    expect(await canLogIn(open, jid, 'old-pw')).toBe(false);
  });

  it('deletes the account on the server and here, only with the address typed', async () => {
    const h = harness(open.caPem);
    const jid = `leaver@${open.domain}`;
    const connected = online(h, jid);
    const done = await register(h, 'leaver', 'leaver-pw');
    if (!done.ok) throw new Error(done.failure.message);
    await connected;
    const wrong = await h.raw('account.server.delete', {
      accountId: done.account.id,
      confirm: `other@${open.domain}`,
    });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(await canLogIn(open, jid, 'leaver-pw')).toBe(true);

    const removed = h.waitFor('account.removed', (r) => r.id === done.account.id);
    const deleted = await h.call('account.server.delete', {
      accountId: done.account.id,
      confirm: ` ${jid} `,
    });
    expect(deleted).toEqual({ ok: true });
    await removed;
    expect(h.store.accounts.list()).toEqual([]);
    await eventually(async () => !(await canLogIn(open, jid, 'leaver-pw')));
  });
});
