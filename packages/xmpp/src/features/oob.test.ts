import { describe, expect, it } from 'vitest';
import { parseXml, xml } from '../stanza.js';
import { buildOob, MAX_URL_LENGTH, NS_OOB, parseOob } from './oob.js';

const msg = (inner: string) =>
  parseXml(
    `<message xmlns='jabber:client' from='romeo@montague.lit/x' type='chat'>${inner}</message>`,
  )!;

describe('buildOob', () => {
  it('builds the XEP-0066 message form', () => {
    expect(buildOob('https://h.example/a.jpg').toString()).toBe(
      `<x xmlns="${NS_OOB}"><url>https://h.example/a.jpg</url></x>`,
    );
    expect(buildOob('https://h.example/a.jpg', 'A photo').toString()).toBe(
      `<x xmlns="${NS_OOB}"><url>https://h.example/a.jpg</url><desc>A photo</desc></x>`,
    );
  });

  it('round-trips through parseOob, escaping what XML needs', () => {
    const url = 'https://h.example/a.jpg?x=1&y=<2>';
    const stanza = xml('message', {}, buildOob(url, 'd & e'));
    expect(parseOob(parseXml(stanza.toString())!)).toEqual({ url, desc: 'd & e' });
  });
});

describe('parseOob', () => {
  it('reads url and desc, trimming pretty-printing whitespace', () => {
    expect(
      parseOob(
        msg(`<x xmlns='jabber:x:oob'>
          <url>
            https://h.example/summit.jpg
          </url>
          <desc> Summit </desc>
        </x>`),
      ),
    ).toEqual({ url: 'https://h.example/summit.jpg', desc: 'Summit' });
  });

  it('is null without an oob element or without a url', () => {
    expect(parseOob(msg('<body>hi</body>'))).toBeNull();
    expect(parseOob(msg(`<x xmlns='jabber:x:oob'><desc>no url</desc></x>`))).toBeNull();
    expect(parseOob(msg(`<x xmlns='jabber:x:oob'><url>   </url></x>`))).toBeNull();
  });

  it('ignores other namespaces: jabber:iq:oob, a url in another namespace, a nested x', () => {
    expect(parseOob(msg(`<x xmlns='jabber:iq:oob'><url>https://a.example/</url></x>`))).toBeNull();
    expect(
      parseOob(msg(`<x xmlns='jabber:x:oob'><url xmlns='urn:other'>https://a.example/</url></x>`)),
    ).toBeNull();
    expect(
      parseOob(
        msg(`<wrap xmlns='urn:w'><x xmlns='jabber:x:oob'><url>https://a.example/</url></x></wrap>`),
      ),
    ).toBeNull();
  });

  it('takes the first oob element that has a usable url', () => {
    const stanza = msg(
      `<x xmlns='jabber:x:oob'><desc>first, empty</desc></x>` +
        `<x xmlns='jabber:x:oob'><url>https://a.example/1</url></x>` +
        `<x xmlns='jabber:x:oob'><url>https://a.example/2</url></x>`,
    );
    expect(parseOob(stanza)).toEqual({ url: 'https://a.example/1', desc: null });
  });

  it('takes the first url of an element with several', () => {
    const stanza = msg(
      `<x xmlns='jabber:x:oob'><url>https://a.example/1</url><url>https://a.example/2</url></x>`,
    );
    expect(parseOob(stanza)?.url).toBe('https://a.example/1');
  });

  it('bounds url and desc', () => {
    const long = `https://a.example/${'a'.repeat(MAX_URL_LENGTH)}`;
    expect(parseOob(msg(`<x xmlns='jabber:x:oob'><url>${long}</url></x>`))).toBeNull();
    const parsed = parseOob(
      msg(
        `<x xmlns='jabber:x:oob'><url>https://a.example/</url><desc>${'d'.repeat(5000)}</desc></x>`,
      ),
    );
    expect(parsed?.desc).toHaveLength(1024);
  });

  it('looks at a bounded number of elements', () => {
    const junk = `<x xmlns='jabber:x:oob'/>`.repeat(20);
    expect(
      parseOob(msg(`${junk}<x xmlns='jabber:x:oob'><url>https://a.example/</url></x>`)),
    ).toBeNull();
  });
});
