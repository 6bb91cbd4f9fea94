import { startProsody, type TestServer } from '@parley/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  changePasswordRequest,
  parseRegistrationForm,
  PreauthStream,
  registrationFormRequest,
  registrationSubmit,
  removeAccountRequest,
  Session,
  SessionError,
  type PreauthOptions,
} from './index.js';

let open: TestServer;
let closed: TestServer;
const streams: PreauthStream[] = [];

beforeAll(async () => {
  [open, closed] = await Promise.all([
    startProsody({ allowRegistration: true, users: [{ local: 'taken', password: 'secret' }] }),
    startProsody({}),
  ]);
});

afterAll(async () => {
  await Promise.all(streams.map((s) => s.close()));
  await Promise.all([open?.stop(), closed?.stop()]);
});

function options(server: TestServer, over: Partial<PreauthOptions> = {}): PreauthOptions {
  return {
    domain: server.domain,
    host: server.host,
    port: server.c2sPort,
    tlsMode: 'starttls',
    trust: { caPem: server.caPem },
    timeoutMs: 5_000,
    ...over,
  };
}

async function preauth(server: TestServer, over: Partial<PreauthOptions> = {}) {
  const stream = await PreauthStream.open(options(server, over));
  streams.push(stream);
  return stream;
}

async function login(server: TestServer, local: string, password: string): Promise<Session> {
  const s = new Session({
    jid: `${local}@${server.domain}`,
    password,
    resource: 'r',
    host: server.host,
    port: server.c2sPort,
    tlsMode: 'starttls',
    trust: { caPem: server.caPem },
  });
  try {
    await s.start();
    return s;
  } catch (err) {
    await s.stop();
    throw err;
  }
}

async function refusal(p: Promise<unknown>): Promise<SessionError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SessionError);
  return err as SessionError;
}

describe('XEP-0077 against Prosody', () => {
  it('fetches the form over TLS, registers, and the new user logs in', async () => {
    const stream = await preauth(open);
    const parsed = parseRegistrationForm(await stream.iq(registrationFormRequest(open.domain)));
    const vars = parsed.form.fields.map((f) => f.var);
    expect(vars).toEqual(expect.arrayContaining(['username', 'password']));
    const values = { username: ['newbie'], password: ['n3w-secret'] };
    const answer = await stream.iq(registrationSubmit(open.domain, parsed, values));
    expect(answer.attrs.type).toBe('result');
    const s = await login(open, 'newbie', 'n3w-secret');
    await s.stop();
  });

  it('refuses a taken username with conflict', async () => {
    const stream = await preauth(open, { tlsMode: 'direct', port: open.directTlsPort });
    const parsed = parseRegistrationForm(await stream.iq(registrationFormRequest(open.domain)));
    const values = { username: ['taken'], password: ['whatever'] };
    const err = await refusal(stream.iq(registrationSubmit(open.domain, parsed, values)));
    expect(err.condition).toBe('conflict');
  });

  it('is refused where registration is off', async () => {
    const stream = await preauth(closed);
    const err = await refusal(stream.iq(registrationFormRequest(closed.domain)));
    expect(['service-unavailable', 'not-allowed', 'forbidden']).toContain(err.condition);
  });

  it('verifies the certificate before any iq', async () => {
    const err = await refusal(PreauthStream.open(options(open, { trust: {} })));
    expect(err.code).toBe('certificate-untrusted');
    expect(err.certificate?.fingerprint256).toMatch(/^[0-9A-F:]{95}$/);
  });

  it('changes the password (old one then fails) and removes the account', async () => {
    await open.createUser('mover', 'old-pass');
    const s = await login(open, 'mover', 'old-pass');
    await s.iq(changePasswordRequest(open.domain, 'mover', 'new-pass'));
    await s.stop();
    expect((await refusal(login(open, 'mover', 'old-pass'))).code).toBe('auth-failed');
    const again = await login(open, 'mover', 'new-pass');
    const removed = await again.iq(removeAccountRequest(open.domain));
    expect(removed.attrs.type).toBe('result');
    await again.stop();
    expect((await refusal(login(open, 'mover', 'new-pass'))).code).toBe('auth-failed');
  });
});
