import { describe, expect, it } from 'vitest';
import { parseXml, type Element } from '../stanza.js';
import {
  changePasswordForm,
  changePasswordFormSubmit,
  credentialsOf,
  describeRegistrationError,
  parseRegistrationForm,
  registrationSubmit,
  removeAccountRequest,
} from './registration.js';

function el(text: string): Element {
  const parsed = parseXml(text);
  if (!parsed) throw new Error(`bad XML in test: ${text}`);
  return parsed;
}

const LEGACY = el(`<iq type='result' id='r1' from='example.org'>
  <query xmlns='jabber:iq:register'>
    <instructions>Choose a username and password for use with this service.</instructions>
    <username/><password/><email/><bogus/><username/><key>k-1</key>
  </query></iq>`);

const DATA_FORM = el(`<iq type='result' id='r2'>
  <query xmlns='jabber:iq:register'>
    <instructions>Use the enclosed form to register.</instructions>
    <username/><password/>
    <x xmlns='jabber:x:data' type='form'>
      <title>Sign up</title>
      <field type='hidden' var='FORM_TYPE'><value>jabber:iq:register</value></field>
      <field type='text-single' var='username' label='Username'><required/></field>
      <field type='text-private' var='password' label='Password'><required/></field>
      <field type='list-single' var='lang' label='Language'>
        <option label='English'><value>en</value></option></field>
    </x>
  </query></iq>`);

describe('XEP-0077 registration form', () => {
  it('shows legacy fields as a data form, known fields once, in order', () => {
    const parsed = parseRegistrationForm(LEGACY);
    expect(parsed.legacy).toBe(true);
    expect(parsed.captcha).toBe(false);
    expect(parsed.form.instructions).toBe(
      'Choose a username and password for use with this service.',
    );
    expect(parsed.form.fields.map((f) => [f.var, f.type, f.required])).toEqual([
      ['username', 'text-single', true],
      ['password', 'text-private', true],
      ['email', 'text-single', true],
      ['key', 'hidden', false],
    ]);
  });

  it('submits legacy fields as plain elements, the key as received', () => {
    const parsed = parseRegistrationForm(LEGACY);
    const iq = registrationSubmit('example.org', parsed, {
      username: ['bill'],
      password: ['Calliope'],
      email: ['bard@shakespeare.lit'],
      injected: ['x'],
    });
    expect(iq.toString()).toBe(
      '<iq type="set" to="example.org"><query xmlns="jabber:iq:register">' +
        '<username>bill</username><password>Calliope</password>' +
        '<email>bard@shakespeare.lit</email><key>k-1</key></query></iq>',
    );
  });

  it('prefers the data form over legacy fields and submits it as one', () => {
    const parsed = parseRegistrationForm(DATA_FORM);
    expect(parsed.legacy).toBe(false);
    expect(parsed.form.title).toBe('Sign up');
    expect(parsed.form.fields.map((f) => f.var)).toEqual([
      'FORM_TYPE',
      'username',
      'password',
      'lang',
    ]);
    const iq = registrationSubmit('example.org', parsed, {
      username: ['bill'],
      password: ['pw'],
    });
    const x = iq.getChild('query', 'jabber:iq:register')?.getChild('x', 'jabber:x:data');
    expect(x?.attrs.type).toBe('submit');
    const sent = x?.getChildren('field').map((f) => [f.attrs.var, f.getChildText('value')]);
    expect(sent).toEqual([
      ['FORM_TYPE', 'jabber:iq:register'],
      ['username', 'bill'],
      ['password', 'pw'],
    ]);
  });

  it('recognises a CAPTCHA form and an already-registered answer', () => {
    const captcha = parseRegistrationForm(
      el(`<iq type='result'><query xmlns='jabber:iq:register'><registered/>
        <x xmlns='jabber:x:data' type='form'>
        <field type='hidden' var='FORM_TYPE'><value>urn:xmpp:captcha</value></field>
        <field var='ocr'/></x></query></iq>`),
    );
    expect(captcha.captcha).toBe(true);
    expect(captcha.registered).toBe(true);
  });

  it('reads a web page to register on, http(s) only', () => {
    const page = (url: string) =>
      parseRegistrationForm(
        el(`<iq type='result'><query xmlns='jabber:iq:register'>
          <x xmlns='jabber:x:oob'><url>${url}</url></x></query></iq>`),
      ).webPage;
    expect(page('https://example.org/register')).toBe('https://example.org/register');
    expect(page('javascript:alert(1)')).toBeNull();
    expect(page('file:///etc/passwd')).toBeNull();
  });

  it('survives hostile input: no query, oversized text, a flood of fields', () => {
    expect(parseRegistrationForm(el(`<iq type='result'/>`)).form.fields).toEqual([]);
    const huge = 'x'.repeat(100_000);
    const many = Array.from({ length: 2_000 }, (_, i) => `<field var='f${i}'/>`).join('');
    const hostile = parseRegistrationForm(
      el(`<iq type='result'><query xmlns='jabber:iq:register'><instructions>${huge}</instructions>
        <x xmlns='jabber:x:data' type='form'><instructions>${huge}</instructions>${many}</x>
        </query></iq>`),
    );
    expect(hostile.form.instructions.length).toBeLessThanOrEqual(4096);
    expect(hostile.form.fields.length).toBe(500);
    const legacy = parseRegistrationForm(
      el(`<iq type='result'><query xmlns='jabber:iq:register'>
        <instructions>${huge}</instructions><username>${huge}</username></query></iq>`),
    );
    expect(legacy.form.instructions.length).toBeLessThanOrEqual(4096);
    expect(legacy.form.fields[0]?.values[0]?.length).toBeLessThanOrEqual(1024);
  });

  it('takes username and password from the values, or nothing', () => {
    expect(credentialsOf({ username: [' bill '], password: ['pw'] })).toEqual({
      username: 'bill',
      password: 'pw',
    });
    expect(credentialsOf({ username: ['bill'] })).toBeNull();
    expect(credentialsOf({ username: [''], password: ['pw'] })).toBeNull();
  });
});

describe('XEP-0077 errors, password change form, removal', () => {
  it('puts the refusals in words', () => {
    expect(describeRegistrationError('conflict', '', 'register').code).toBe('taken');
    for (const c of ['not-allowed', 'forbidden', 'service-unavailable'])
      expect(describeRegistrationError(c, '', 'register')).toMatchObject({
        code: 'not-allowed',
        message: expect.stringMatching(/does not allow creating accounts/),
      });
    expect(describeRegistrationError('not-acceptable', 'Password too weak', 'register')).toEqual({
      code: 'not-acceptable',
      message: 'The server did not accept these details. The server said: “Password too weak”',
      text: {
        id: 'register.not-acceptable',
        serverText: 'Password too weak',
        saidBy: 'server',
      },
    });
    expect(describeRegistrationError('timeout', '', 'register').code).toBe('timeout');
  });

  it('finds the change-password form in a not-authorized answer and fills it', () => {
    const refused = el(`<iq type='error' from='example.org' id='c1'>
      <query xmlns='jabber:iq:register'>
        <x xmlns='jabber:x:data' type='form'>
          <field type='hidden' var='FORM_TYPE'><value>jabber:iq:register:changepassword</value></field>
          <field type='text-single' var='username'><required/></field>
          <field type='text-private' var='old_password'><required/></field>
          <field type='text-private' var='password'><required/></field>
        </x></query>
      <error code='401' type='modify'><not-authorized xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>`);
    const form = changePasswordForm(refused);
    expect(form?.fields.map((f) => f.var)).toEqual([
      'FORM_TYPE',
      'username',
      'old_password',
      'password',
    ]);
    const iq = changePasswordFormSubmit('example.org', form!, {
      username: 'bill',
      oldPassword: 'old',
      password: 'new',
    });
    const fields = iq
      .getChild('query')
      ?.getChild('x')
      ?.getChildren('field')
      .map((f) => [f.attrs.var, f.getChildText('value')]);
    expect(fields).toEqual([
      ['FORM_TYPE', 'jabber:iq:register:changepassword'],
      ['username', 'bill'],
      ['old_password', 'old'],
      ['password', 'new'],
    ]);
    expect(changePasswordForm(el(`<iq type='error'><error/></iq>`))).toBeNull();
  });

  it('asks for removal with <remove/>', () => {
    expect(removeAccountRequest('example.org').toString()).toBe(
      '<iq type="set" to="example.org"><query xmlns="jabber:iq:register"><remove/></query></iq>',
    );
  });
});
