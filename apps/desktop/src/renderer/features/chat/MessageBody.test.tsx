import '../../test/jsdom.js';
import { act, cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { useUi } from '../ui/store';
import { linkifyParts } from './linkify';
import { MessageBody } from './MessageBody';

afterEach(() => {
  cleanup();
  useUi.setState({ messageStyling: true });
});

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

/** The elements styling may create, besides the links above. */
const STYLING_TAGS = new Set(['STRONG', 'EM', 'S', 'CODE', 'PRE', 'BLOCKQUOTE', 'SPAN']);

function expectOnlyStylingAndLinks(elements: Element[]) {
  const links = elements.filter((e) => e.tagName === 'A' || e.tagName === 'BUTTON');
  for (const link of links) {
    if (link.tagName === 'A') expectOnlySafeAnchors([link]);
    else expect(link.className).toBe('xmpp-link');
  }
  for (const element of elements) {
    if (element.tagName === 'A' || element.tagName === 'BUTTON') continue;
    expect(STYLING_TAGS.has(element.tagName)).toBe(true);
    const allowed = ['class', 'aria-hidden'];
    for (const attribute of element.attributes) expect(allowed).toContain(attribute.name);
  }
}

/** The text of a rendered body with the dimmed directives left out. */
function textWithoutMarkers(root: Element): string {
  const copy = root.cloneNode(true) as Element;
  for (const marker of copy.querySelectorAll('.styling-marker')) marker.remove();
  return copy.textContent ?? '';
}

describe('MessageBody with XEP-0393 styling', () => {
  it('renders strong, emphasis, strike and code as elements, markers kept and dimmed', () => {
    const { root, elements } = renderBody('a *bold* _it_ ~gone~ `*code*` end');
    expectOnlyStylingAndLinks(elements);
    expect(root.textContent).toBe('a *bold* _it_ ~gone~ `*code*` end');
    expect(textWithoutMarkers(root)).toBe('a bold it gone *code* end');
    expect(root.querySelector('strong')?.textContent).toBe('*bold*');
    expect(root.querySelector('em')?.textContent).toBe('_it_');
    expect(root.querySelector('s')?.textContent).toBe('~gone~');
    expect(root.querySelector('code')?.textContent).toBe('`*code*`');
    expect(root.querySelector('code strong')).toBeNull();
    for (const marker of root.querySelectorAll('.styling-marker')) {
      expect(marker.getAttribute('aria-hidden')).toBe('true');
    }
  });

  it('renders quotations as nested blockquotes and a preformatted block as pre', () => {
    const body = '>> inner\n> outer *x*\n```js\nlet a = *b*;\n```\nafter';
    const { root, elements } = renderBody(body);
    expectOnlyStylingAndLinks(elements);
    expect(root.textContent).toBe(body);
    const outer = root.querySelector(':scope > blockquote');
    expect(outer?.querySelector(':scope > blockquote')?.textContent).toBe('>> inner\n');
    expect(outer?.querySelector('strong')?.textContent).toBe('*x*');
    const pre = root.querySelector('pre');
    expect(pre?.textContent).toBe('```js\nlet a = *b*;\n```\n');
    expect(pre?.querySelector('strong')).toBeNull();
    expect(root.className).toContain('has-blocks');
  });

  it('keeps links working inside styled spans and escapes hostile text inside them', () => {
    const { root, elements } = renderBody(
      '*see https://example.com/x* _<img src=x onerror=alert(1)>_',
    );
    expectOnlyStylingAndLinks(elements);
    expect(root.querySelector('strong a')?.getAttribute('href')).toBe('https://example.com/x');
    expect(root.innerHTML).not.toMatch(/<img/i);
    expect(root.querySelector('em')?.textContent).toBe('_<img src=x onerror=alert(1)>_');
  });

  it('styles the text of a /me action after its actor', () => {
    const { container } = render(<MessageBody body="/me *waves*" actor="Bob" />);
    expect(container.textContent).toBe('* Bob *waves*');
    expect(container.querySelector('strong')?.textContent).toBe('*waves*');
  });

  it('shows a message marked unstyled as plain text', () => {
    const { container } = render(<MessageBody body="*not bold*" unstyled />);
    expect(container.querySelector('strong')).toBeNull();
    expect(container.textContent).toBe('*not bold*');
  });

  it('shows every message as plain text when the preference is off', () => {
    const { container } = render(<MessageBody body="*bold* and > no quote" />);
    expect(container.querySelector('strong')).not.toBeNull();
    act(() => useUi.getState().setMessageStyling(false));
    expect(container.querySelector('strong')).toBeNull();
    expect(container.textContent).toBe('*bold* and > no quote');
  });

  it('never throws on random bodies and renders their text exactly, in allowed elements only', () => {
    // A seeded generator: the same bodies every run, so a failure can be replayed.
    let seed = 0x2f6b3a91;
    const random = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
      return seed / 0x80000000;
    };
    const pieces = [
      '*',
      '_',
      '~',
      '`',
      '```',
      '>',
      '> ',
      ' ',
      '\n',
      'a',
      'bc',
      'https://example.com/p',
      'xmpp:al@example.org',
      '<b>',
      '\u202E',
      '😀',
      '\t',
    ];
    for (let round = 0; round < 400; round += 1) {
      const length = Math.floor(random() * 40);
      let body = '';
      for (let n = 0; n < length; n += 1) body += pieces[Math.floor(random() * pieces.length)];
      const { container, unmount } = render(<MessageBody body={body} accountId="acc" />);
      const root = container.firstElementChild!;
      // Every directive stays visible (dimmed): nothing is consumed, so the text is the body.
      expect(root.textContent, JSON.stringify(body)).toBe(body);
      expectOnlyStylingAndLinks([...root.querySelectorAll('*')]);
      unmount();
    }
  });
});
