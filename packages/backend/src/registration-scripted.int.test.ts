import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  acceptLogin,
  makeCertificates,
  serverHeader,
  startFakeServer,
  type Certificates,
  type FakeConnection,
  type FakeServer,
} from '@parley/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './test-support/harness.js';

// Prosody has no CAPTCHA: a scripted server on loopback (TLS with a test CA) plays one that
// asks for it as ejabberd does (XEP-0158 data form, XEP-0221 media, XEP-0231 data in the iq),
// and one that wants the old password in a form to change it (XEP-0077 §3.3, Example 20).

let dir: string;
let certs: Certificates;
const opened: Harness[] = [];
const servers: FakeServer[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'parley-captcha-'));
  certs = await makeCertificates(dir, ['localhost']);
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((h) => h.close(true)));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NS_TLS = 'urn:ietf:params:xml:ns:xmpp-tls';
const NS_SASL = 'urn:ietf:params:xml:ns:xmpp-sasl';
const HEADER = /<stream:stream[^>]*>/;
const IQ = /<iq[\s\S]*?<\/iq>/;
/** A 1×1 PNG. */
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const CID = 'sha1+8f35fef110ffc5df08d579a50083ff9308fb6242@bob.xmpp.org';

function captchaForm(id: string): string {
  return (
    `<iq type='result' id='${id}' from='localhost'><query xmlns='jabber:iq:register'>` +
    `<instructions>Fill in the form</instructions><x xmlns='jabber:x:data' type='form'>` +
    `<field type='hidden' var='FORM_TYPE'><value>urn:xmpp:captcha</value></field>` +
    `<field type='hidden' var='challenge'><value>ch-1</value></field>` +
    `<field var='username' type='text-single' label='User'><required/></field>` +
    `<field var='password' type='text-private' label='Password'><required/></field>` +
    `<field var='ocr' label='Enter the text you see'>` +
    `<media xmlns='urn:xmpp:media-element' height='60' width='200'>` +
    `<uri type='image/png'>cid:${CID}</uri>` +
    `<uri type='text/html'>https://captcha.example/ch-1</uri>` +
    `<uri type='text/html'>javascript:alert(1)</uri></media><required/></field>` +
    `</x></query>` +
    `<data xmlns='urn:xmpp:bob' cid='${CID}' type='image/png' max-age='0'>${PNG}</data></iq>`
  );
}

/** STARTTLS, then the features a registering client sees (no login). */
async function secure(conn: FakeConnection): Promise<void> {
  await conn.expect(HEADER);
  conn.send(
    `${serverHeader()}<stream:features><starttls xmlns='${NS_TLS}'><required/></starttls></stream:features>`,
  );
  await conn.startTls();
  await conn.expect(HEADER);
  conn.send(
    `${serverHeader()}<stream:features><mechanisms xmlns='${NS_SASL}'><mechanism>PLAIN</mechanism>` +
      `</mechanisms><register xmlns='http://jabber.org/features/iq-register'/></stream:features>`,
  );
}

const idOf = (iq: string) => /id=['"]([^'"]+)['"]/.exec(iq)?.[1] ?? '';

describe('CAPTCHA registration (XEP-0158) against a scripted server', () => {
  it('brings the form and its image to the contract and submits the answer', async () => {
    const submitted: string[] = [];
    const server = await startFakeServer({
      tls: certs,
      script: async (conn, index) => {
        if (index > 0) {
          // The new account signs in after the sign-up.
          await acceptLogin(conn);
          await conn.closed;
          return;
        }
        await secure(conn);
        const get = await conn.expect(IQ);
        expect(get).toMatch(/type=['"]get['"]/);
        conn.send(captchaForm(idOf(get)));
        const set = await conn.expect(IQ);
        submitted.push(set);
        conn.send(`<iq type='result' id='${idOf(set)}' from='localhost'/>`);
        await conn.closed;
      },
    });
    servers.push(server);
    const h = startHarness({ caPem: certs.caPem });
    opened.push(h);

    const started = await h.call('registration.start', {
      server: 'localhost',
      host: '127.0.0.1',
      port: server.port,
      tlsMode: 'starttls',
    });
    if (!started.ok) throw new Error(started.failure.message);
    const { form } = started;
    expect(form.captcha).toBe(true);
    expect(form.legacy).toBe(false);
    expect(form.form.fields.map((f) => f.var)).toEqual([
      'FORM_TYPE',
      'challenge',
      'username',
      'password',
      'ocr',
    ]);
    expect(form.media).toEqual([
      {
        var: 'ocr',
        image: { type: 'image/png', base64: PNG },
        links: ['https://captcha.example/ch-1'],
        width: 200,
        height: 60,
      },
    ]);

    const done = await h.call('registration.submit', {
      id: form.id,
      values: { username: ['robot'], password: ['robot-pw'], ocr: ['7ab3'] },
    });
    expect(done).toMatchObject({ ok: true, account: { jid: 'robot@localhost' } });
    const sent = submitted[0] ?? '';
    expect(sent).toMatch(/<x xmlns=['"]jabber:x:data['"] type=['"]submit['"]/);
    expect(sent).toMatch(/var=['"]ocr['"][^>]*><value>7ab3<\/value>/);
    expect(sent).toMatch(/var=['"]challenge['"][^>]*><value>ch-1<\/value>/);
    expect(sent).toMatch(/<value>urn:xmpp:captcha<\/value>/);
    expect(server.scriptErrors).toEqual([]);
  });

  it('never asks for a form over a stream without TLS', async () => {
    let sawIq = false;
    const server = await startFakeServer({
      script: async (conn) => {
        await conn.expect(HEADER);
        conn.send(
          `${serverHeader()}<stream:features><register xmlns='http://jabber.org/features/iq-register'/></stream:features>`,
        );
        await conn
          .expect(/<iq/, 1_000)
          .then(() => (sawIq = true))
          .catch(() => {});
      },
    });
    servers.push(server);
    const h = startHarness({ caPem: certs.caPem });
    opened.push(h);
    const started = await h.call('registration.start', {
      server: 'localhost',
      host: '127.0.0.1',
      port: server.port,
      tlsMode: 'starttls',
    });
    expect(started).toMatchObject({ ok: false, failure: { code: 'tls-failed' } });
    expect(sawIq).toBe(false);
  });
});

describe('password change with the server form variant (XEP-0077 §3.3)', () => {
  it('answers a not-authorized form with the old password and stores the new one', async () => {
    let filled = '';
    const server = await startFakeServer({
      tls: certs,
      script: async (conn) => {
        await acceptLogin(conn, { local: 'pat' });
        // Whatever else the client asks for goes unanswered; only the password change is played.
        const first = await conn.expect(
          /<iq[^>]*>(?:(?!<\/iq>)[\s\S])*jabber:iq:register[\s\S]*?<\/iq>/,
        );
        expect(first).toMatch(/<password>new-pw<\/password>/);
        conn.send(
          `<iq type='error' id='${idOf(first)}' from='localhost'><query xmlns='jabber:iq:register'>` +
            `<x xmlns='jabber:x:data' type='form'>` +
            `<field type='hidden' var='FORM_TYPE'><value>jabber:iq:register:changepassword</value></field>` +
            `<field type='text-single' var='username'><required/></field>` +
            `<field type='text-private' var='old_password'><required/></field>` +
            `<field type='text-private' var='password'><required/></field></x></query>` +
            `<error type='modify'><not-authorized xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>`,
        );
        const second = await conn.expect(
          /<iq[^>]*>(?:(?!<\/iq>)[\s\S])*jabber:iq:register[\s\S]*?<\/iq>/,
        );
        filled = second;
        conn.send(`<iq type='result' id='${idOf(second)}' from='localhost'/>`);
        // Closes politely when the client does, so that stopping it does not wait.
        await conn.expect(/<\/stream:stream>/, 30_000).catch(() => {});
        conn.send('</stream:stream>');
        conn.end();
      },
    });
    servers.push(server);
    const h = startHarness({ caPem: certs.caPem });
    opened.push(h);
    const online = h.waitFor('account.changed', (a) => a.state === 'online');
    const account = await h.call('accounts.add', {
      jid: 'pat@localhost',
      password: 'old-pw',
      host: '127.0.0.1',
      port: server.port,
      tlsMode: 'starttls',
    });
    await online;
    const changed = await h.call('account.password.change', {
      accountId: account.id,
      password: 'new-pw',
    });
    expect(changed).toEqual({ ok: true });
    expect(filled).toMatch(/var=['"]old_password['"][^>]*><value>old-pw<\/value>/);
    expect(filled).toMatch(/var=['"]password['"][^>]*><value>new-pw<\/value>/);
    expect(filled).toMatch(/var=['"]username['"][^>]*><value>pat<\/value>/);
    expect(h.store.accounts.get(account.id)?.password).toBe('new-pw');
    expect(server.scriptErrors).toEqual([]);
  });
});
