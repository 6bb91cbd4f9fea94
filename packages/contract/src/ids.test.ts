import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { commands, type CommandName } from './commands.js';
import { isJidShape, jidText } from './ids.js';
import { parseCommand } from './validate.js';

const BAD = ['a@b@c', '@x', 'a@', 'a@b/', `${'x'.repeat(3000)}@example.org`];

/** The request fields of every command that hold an address (found, not listed by hand). */
function addressFields(): Array<[CommandName, string]> {
  const unwrap = (s: z.ZodTypeAny): z.ZodTypeAny =>
    s instanceof z.ZodNullable || s instanceof z.ZodOptional
      ? unwrap(s.unwrap() as z.ZodTypeAny)
      : s instanceof z.ZodDefault
        ? unwrap(s.removeDefault() as z.ZodTypeAny)
        : s;
  const found: Array<[CommandName, string]> = [];
  for (const name of Object.keys(commands) as CommandName[]) {
    const request = commands[name].request as z.ZodTypeAny;
    if (!(request instanceof z.ZodObject)) continue;
    for (const [key, field] of Object.entries(request.shape as z.ZodRawShape)) {
      if (unwrap(field as z.ZodTypeAny) === jidText) found.push([name, key]);
    }
  }
  return found;
}

describe('the JID shape', () => {
  it('takes bare, full, domain, IP-literal and international addresses; resources are free-form', () => {
    for (const ok of [
      'alice@example.org',
      'example.org',
      'alice@example.org/phone',
      'room@muc.example.org/John Smith',
      "room@muc.example.org/O'Brien <3",
      'room@muc.example.org/a@b/c',
      'a@[::1]',
      'ünï@例え.jp',
    ]) {
      expect(jidText.safeParse(ok).success, ok).toBe(true);
    }
  });

  it('refuses what can never be a JID', () => {
    for (const bad of [
      ...BAD,
      'a b@example.org',
      '<b>@x.org',
      "o'hara@example.org",
      'a@host:5222',
      'a@.example.org',
      'a@example..org',
      'a@example.org/\u0000',
      `a@example.org/${'é'.repeat(600)}`,
    ]) {
      expect(isJidShape(bad) && jidText.safeParse(bad).success, bad).toBe(false);
    }
  });

  it('makes every command taking an address answer invalid-payload, at that field', () => {
    const fields = addressFields();
    // The search found the commands it must (a guard against an introspection that finds none).
    expect(fields).toEqual(
      expect.arrayContaining([
        ['messages.send', 'peer'],
        ['conversations.open', 'peer'],
        ['rooms.join', 'room'],
        ['rooms.setAffiliation', 'jid'],
        ['roster.add', 'jid'],
        ['muc.rooms', 'service'],
        ['messages.search', 'peer'],
      ]),
    );
    for (const [name, key] of fields) {
      for (const bad of BAD) {
        const schema = commands[name].request as z.ZodTypeAny;
        const parsed = schema.safeParse({ [key]: bad });
        const issue = parsed.success
          ? undefined
          : parsed.error.issues.find((i) => i.path.join('.') === key);
        expect(issue?.message, `${name}.${key} = ${bad.slice(0, 20)}`).toBe('not a valid address');
      }
    }
    expect(parseCommand('messages.send', { accountId: 'a', peer: 'a@b@c', body: 'hi' })).toEqual({
      ok: false,
      error: { code: 'invalid-payload', message: 'messages.send: not a valid address at peer' },
    });
  });
});
