import '../../test/jsdom.js';
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { linkifyParts } from './linkify';
import { MessageBody } from './MessageBody';

afterEach(cleanup);

/** Every element the body rendered, below its own root. */
function renderBody(body: string) {
  const { container } = render(<MessageBody body={body} />);
  const root = container.firstElementChild as HTMLElement;
  expect(container.children).toHaveLength(1);
  expect(root.tagName).toBe('DIV');
  return { root, elements: [...root.querySelectorAll('*')] };
}

function expectOnlySafeAnchors(elements: Element[]) {
  for (const element of elements) {
    expect(element.tagName).toBe('A');
    const href = element.getAttribute('href') ?? '';
    expect(href).toMatch(/^https?:\/\//);
    expect(element.getAttribute('target')).toBe('_blank');
    expect(element.getAttribute('rel')).toBe('noopener noreferrer');
    expect([...element.attributes].map((a) => a.name).sort()).toEqual([
      'href',
      'rel',
      'target',
      'title',
    ]);
    expect(element.children).toHaveLength(0);
  }
}

const hostile = [
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '<a href="javascript:alert(1)">click</a>',
  'javascript:alert(document.cookie)',
  'JaVaScRiPt:alert(1)//http://example.com',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'vbscript:msgbox(1)',
  'file:///etc/passwd',
  '<svg/onload=alert(1)>',
  '<iframe src="https://evil.example"></iframe>',
  '"><img src=x onerror=alert(1)>',
  '&lt;b&gt;not bold&lt;/b&gt; &amp;',
  '<style>body{display:none}</style>',
  '\u202Egnp.exe\u202C and \u2067isolated\u2069 \u200F',
  'https://example.com/\u202Emoc.live',
  'http://bank.example@evil.example/login',
  'mailto:alice@example.com alice@example.com',
  'xmpp:\u202Eelpmaxe@ecila xmpp:<b>x</b> xmpp:@ xmpp:%zz@example.org',
  '<a href="https://example.com" onclick="alert(1)">https://example.com</a>',
];

describe('MessageBody', () => {
  it.each(hostile)('renders %j as text with no other element', (body) => {
    const { root, elements } = renderBody(body);
    expectOnlySafeAnchors(elements);
    expect(root.textContent).toBe(body);
    expect(root.innerHTML).not.toMatch(/<(img|script|svg|iframe|style)/i);
  });

  it('makes http and https links only', () => {
    const { root, elements } = renderBody(
      'see https://example.com/a?b=1&c=2 and http://test.example:8080/x, www.example.org. javascript:alert(1)',
    );
    expectOnlySafeAnchors(elements);
    expect(elements.map((a) => a.getAttribute('href'))).toEqual([
      'https://example.com/a?b=1&c=2',
      'http://test.example:8080/x',
      'http://www.example.org/',
    ]);
    expect(root.textContent).toContain('javascript:alert(1)');
  });

  it('does not link a bare domain, an address or a URL with bidi controls', () => {
    for (const body of [
      'example.com',
      'readme.md',
      'bob@example.com',
      'https://a.example/\u202Eevil',
    ]) {
      cleanup();
      expect(renderBody(body).elements).toHaveLength(0);
    }
  });

  it('keeps line breaks in the text (pre-wrap in CSS)', () => {
    const { root, elements } = renderBody('one\ntwo\n\nthree https://example.com\nfour');
    expect(root.textContent).toBe('one\ntwo\n\nthree https://example.com\nfour');
    expect(elements).toHaveLength(1);
  });

  it('leaves a plain body as one text part', () => {
    expect(linkifyParts('hello <b>world</b>')).toEqual([
      { kind: 'text', text: 'hello <b>world</b>' },
    ]);
    expect(linkifyParts('')).toEqual([]);
  });

  it('makes standalone xmpp: addresses in-app links, without trailing punctuation', () => {
    expect(
      linkifyParts(
        'join xmpp:lounge@conference.example.org?join. Or (xmpp:alice@example.org), not https://example.org/?to=xmpp:x@y',
      ),
    ).toEqual([
      { kind: 'text', text: 'join ' },
      { kind: 'xmpp', text: 'xmpp:lounge@conference.example.org?join' },
      { kind: 'text', text: '. Or (' },
      { kind: 'xmpp', text: 'xmpp:alice@example.org' },
      { kind: 'text', text: '), not ' },
      {
        kind: 'link',
        text: 'https://example.org/?to=xmpp:x@y',
        href: 'https://example.org/?to=xmpp:x@y',
      },
    ]);
  });
});
