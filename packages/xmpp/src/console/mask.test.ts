import { describe, expect, it } from 'vitest';
import { parseXml, type Element } from '../stanza.js';
import { printStanza } from './print.js';

const print = (text: string): string => {
  const el = parseXml(text);
  if (!el) throw new Error('bad xml');
  return printStanza(el as Element);
};

describe('console masking', () => {
  it('masks SASL auth, challenge, response and success payloads', () => {
    const sasl = 'urn:ietf:params:xml:ns:xmpp-sasl';
    const plain = Buffer.from('\0alice\0hunter2').toString('base64');
    const out = print(`<auth xmlns="${sasl}" mechanism="PLAIN">${plain}</auth>`);
    expect(out).toBe(`<auth xmlns="${sasl}" mechanism="PLAIN">[masked]</auth>`);
    for (const name of ['challenge', 'response', 'success']) {
      expect(print(`<${name} xmlns="${sasl}">cj1zZWNyZXQ=</${name}>`)).not.toContain(
        'cj1zZWNyZXQ=',
      );
    }
    // An empty success stays empty (nothing to hide).
    expect(print(`<success xmlns="${sasl}"/>`)).toBe(`<success xmlns="${sasl}"/>`);
  });

  it('masks passwords in registration, password change and room joins', () => {
    const reg = print(
      `<iq type="set" id="r"><query xmlns="jabber:iq:register"><username>bob</username><password>hunter2</password></query></iq>`,
    );
    expect(reg).toContain('<username>bob</username>');
    expect(reg).toContain('<password>[masked]</password>');
    expect(reg).not.toContain('hunter2');
    const room = print(
      `<presence to="r@muc/nick"><x xmlns="http://jabber.org/protocol/muc"><password>roompw</password></x></presence>`,
    );
    expect(room).not.toContain('roompw');
  });

  it('masks secret data form fields by type and by name (ad-hoc Add User, IBR forms)', () => {
    const out =
      print(`<iq type="set" id="c"><command xmlns="http://jabber.org/protocol/commands" node="n">
      <x xmlns="jabber:x:data" type="submit">
        <field var="accountjid"><value>new@localhost</value></field>
        <field var="password"><value>p1</value></field>
        <field var="password-verify"><value>p1</value></field>
        <field var="pin" type="text-private"><value>4321</value></field>
      </x></command></iq>`);
    expect(out).toContain('<value>new@localhost</value>');
    expect(out).not.toMatch(/p1|4321/u);
  });

  it('masks invite tokens in attributes and URIs', () => {
    const out = print(`<message to="a@b"><preauth xmlns="urn:xmpp:pars:0" token="TOK123"/>
      <body>Join me: xmpp:alice@localhost?roster;preauth=TOK456;ibr=y https://localhost/join?token=TOK789&amp;x=1</body></message>`);
    expect(out).not.toMatch(/TOK123|TOK456|TOK789/u);
    expect(out).toContain('preauth=[masked]');
    expect(out).toContain('x=1');
    const form =
      print(`<iq type="result" id="i"><command xmlns="http://jabber.org/protocol/commands" node="invite" status="completed">
      <x xmlns="jabber:x:data" type="result"><field var="uri"><value>xmpp:localhost?register;preauth=SECRETX</value></field></x></command></iq>`);
    expect(form).not.toContain('SECRETX');
    expect(
      print('<message to="a@b"><body>https://localhost/invite?LANDINGTOKEN</body></message>'),
    ).toContain('https://localhost/invite?[masked]');
  });

  it('masks HTTP upload slot headers and the PUT URL query', () => {
    const out = print(`<iq type="result" id="u"><slot xmlns="urn:xmpp:http:upload:0">
      <put url="https://upload.localhost/f/abc?v=SIGNATURE&amp;e=1"><header name="Authorization">Bearer JWT.TOKEN</header><header name="Cookie">s=COOKIE</header></put>
      <get url="https://upload.localhost/f/abc"/></slot></iq>`);
    expect(out).not.toMatch(/SIGNATURE|JWT\.TOKEN|COOKIE/u);
    expect(out).toContain('url="https://upload.localhost/f/abc?[masked]"');
    expect(out).toContain('<header name="Authorization">[masked]</header>');
    expect(out).toContain('<get url="https://upload.localhost/f/abc"/>');
  });

  it('masks OMEMO key material of both versions, and only the keys', () => {
    for (const ns of ['eu.siacs.conversations.axolotl', 'urn:xmpp:omemo:2']) {
      const out = print(`<message to="a@b"><encrypted xmlns="${ns}"><header sid="1">
        <key rid="2">S0VZTUFURVJJQUw=</key><iv>aXY=</iv></header><payload>cGF5</payload></encrypted></message>`);
      expect(out).not.toContain('S0VZTUFURVJJQUw=');
      expect(out).toContain('<key rid="2">[masked]</key>');
      expect(out).toContain('<payload>cGF5</payload>');
    }
    // A <key/> in an unrelated namespace is not OMEMO's and is shown.
    expect(print('<message to="a@b"><key xmlns="urn:example">shown</key></message>')).toContain(
      'shown',
    );
  });

  it('pretty-prints with indentation, escapes text and bounds the size', () => {
    const out = print(
      '<message to="a@b" id="x"><body>1 &lt; 2 &amp; "q"</body><thread>t</thread></message>',
    );
    expect(out).toBe(
      '<message to="a@b" id="x">\n  <body>1 &lt; 2 &amp; "q"</body>\n  <thread>t</thread>\n</message>',
    );
    const huge = print(`<message to="a@b">${'<x xmlns="u"><y>z</y></x>'.repeat(10_000)}</message>`);
    expect(huge.length).toBeLessThan(66_000);
    expect(huge.endsWith('… (cut)')).toBe(true);
  });
});
