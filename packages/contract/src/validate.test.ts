import { describe, expect, it } from 'vitest';
import { commands } from './commands.js';
import { events } from './events.js';
import { isCommandName, parseCommand } from './validate.js';

describe('parseCommand', () => {
  it('refuses names that are not commands, including inherited object keys', () => {
    for (const name of [
      'accounts.drop',
      '',
      '__proto__',
      'constructor',
      'toString',
      42,
      null,
      undefined,
      {},
    ]) {
      const result = parseCommand(name, {});
      expect(result.ok, String(name)).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('unknown-command');
    }
  });

  it('caps the echoed name so a huge one does not travel back', () => {
    const result = parseCommand('x'.repeat(10_000), {});
    expect(!result.ok && result.error.message.length).toBeLessThan(100);
  });

  it('refuses malformed payloads with the field in the message', () => {
    const result = parseCommand('messages.send', {
      accountId: 'a',
      peer: 'bob@example.org',
      body: 7,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(!result.ok && result.error.message).toContain('body');
    for (const payload of [null, 'text', [], { accountId: 'a' }]) {
      expect(parseCommand('messages.send', payload).ok).toBe(false);
    }
  });

  it('refuses JIDs with markup or spaces and over-long bodies', () => {
    const bad = ['<b>@x', 'a b@example.org', "o'hara@example.org"];
    for (const jid of bad) {
      expect(parseCommand('roster.add', { accountId: 'a', jid }).ok, jid).toBe(false);
    }
    const body = 'x'.repeat(100_001);
    expect(parseCommand('messages.send', { accountId: 'a', peer: 'b@x.org', body }).ok).toBe(false);
  });

  it('applies defaults and strips unknown keys', () => {
    const result = parseCommand('accounts.add', {
      jid: 'alice@example.org',
      password: 'secret',
      injected: true,
    });
    expect(result.ok && result.value.request).toEqual({
      jid: 'alice@example.org',
      password: 'secret',
      host: null,
      port: null,
      tlsMode: 'auto',
      connect: true,
    });
  });

  it('only accepts a SHA-256 fingerprint in the form Node prints it', () => {
    const fingerprint = Array.from({ length: 32 }, () => 'AB').join(':');
    expect(
      parseCommand('accounts.pinCertificate', { id: 'a', fingerprint256: fingerprint }).ok,
    ).toBe(true);
    expect(parseCommand('accounts.pinCertificate', { id: 'a', fingerprint256: 'AB:CD' }).ok).toBe(
      false,
    );
  });

  it('takes files as grants or bytes, never as a path', () => {
    const send = (file: unknown) =>
      parseCommand('files.send', { accountId: 'a1', peer: 'b@example.org', files: [file] }).ok;
    expect(send({ path: '/home/me/.ssh/id_ed25519' })).toBe(false);
    expect(send({ grant: '/home/me/.ssh/id_ed25519', name: 'id' })).toBe(false);
    expect(send({ grant: 'short', name: 'id' })).toBe(false);
    expect(send({ grant: 'AbCdEfGhIjKlMnOpQrStUvWx', name: 'photo.jpg' })).toBe(true);
    expect(send({ name: 'a.txt', base64: 'aGk=' })).toBe(true);
  });

  it('knows every declared command and no other', () => {
    for (const name of Object.keys(commands)) expect(isCommandName(name)).toBe(true);
    expect(isCommandName('hasOwnProperty')).toBe(false);
  });
});

describe('event schemas', () => {
  it('reject an event that lacks what the renderer relies on', () => {
    expect(events['message.added'].safeParse({ id: 'x' }).success).toBe(false);
    expect(
      events['history.progress'].safeParse({ accountId: 'a', fetched: 3, done: true }).success,
    ).toBe(true);
  });
});
