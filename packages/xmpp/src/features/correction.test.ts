import { describe, expect, it } from 'vitest';
import { parseXml } from '../stanza.js';
import { MAX_BODY } from './chat.js';
import { NS_CORRECT, correctionElement, parseCorrection } from './correction.js';

const parse = (text: string) => {
  const el = parseXml(text);
  if (!el) throw new Error('bad XML in test');
  return el;
};

describe('XEP-0308 corrections', () => {
  it('reads the example of §3', () => {
    const stanza = parse(`<message to='juliet@capulet.net/balcony' id='good1'>
      <body>But soft, what light through yonder window breaks?</body>
      <replace id='bad1' xmlns='urn:xmpp:message-correct:0'/>
    </message>`);
    expect(parseCorrection(stanza)).toEqual({
      replaces: 'bad1',
      body: 'But soft, what light through yonder window breaks?',
      bodyTruncated: false,
    });
  });

  it('is not a correction without an id, without a body, or in another namespace', () => {
    expect(
      parseCorrection(parse(`<message><body>x</body><replace xmlns='${NS_CORRECT}'/></message>`)),
    ).toBeNull();
    expect(
      parseCorrection(parse(`<message><replace id='a' xmlns='${NS_CORRECT}'/></message>`)),
    ).toBeNull();
    expect(
      parseCorrection(
        parse(
          `<message><body>x</body><replace id='a' xmlns='urn:xmpp:message-correct:1'/></message>`,
        ),
      ),
    ).toBeNull();
    expect(parseCorrection(parse(`<message><body>plain</body></message>`))).toBeNull();
    expect(
      parseCorrection(parse(`<presence><replace id='a' xmlns='${NS_CORRECT}'/></presence>`)),
    ).toBeNull();
  });

  it('caps a hostile body like any other', () => {
    const long = 'x'.repeat(MAX_BODY + 10);
    const c = parseCorrection(
      parse(`<message><body>${long}</body><replace id='a' xmlns='${NS_CORRECT}'/></message>`),
    );
    expect(c?.body.length).toBe(MAX_BODY);
    expect(c?.bodyTruncated).toBe(true);
  });

  it('builds the element the XEP shows', () => {
    expect(correctionElement('bad1').toString()).toBe(`<replace xmlns="${NS_CORRECT}" id="bad1"/>`);
  });
});
