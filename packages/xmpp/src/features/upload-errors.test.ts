// XEP-0363 §5 refusals: parseSlotError (and parseSlot given an error iq).
import { describe, expect, it } from 'vitest';
import { parseXml, xml, type Element } from '../stanza.js';
import { parseSlot, parseSlotError } from './upload.js';

const tooLargeIq =
  parseXml(`<iq xmlns='jabber:client' from='upload.montague.tld' id='s' type='error'>
  <request xmlns='urn:xmpp:http:upload:0' filename='my-juliet.jpg' size='23456' content-type='image/jpeg'/>
  <error type='modify'>
    <not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>
    <text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>File too large. The maximum file size is 20000 bytes</text>
    <file-too-large xmlns='urn:xmpp:http:upload:0'><max-file-size>20000</max-file-size></file-too-large>
  </error></iq>`)!;

function errorIq(type: string, condition: string, text?: string, extra = ''): Element {
  return xml(
    'iq',
    { xmlns: 'jabber:client', type: 'error', id: 's' },
    xml(
      'error',
      { type },
      xml(condition, { xmlns: 'urn:ietf:params:xml:ns:xmpp-stanzas' }),
      text ? xml('text', { xmlns: 'urn:ietf:params:xml:ns:xmpp-stanzas' }, text) : null,
      extra ? parseXml(extra) : null,
    ),
  );
}

describe('parseSlot on an error iq', () => {
  it('reads an error iq as parseSlotError does', () => {
    expect(parseSlot(tooLargeIq)).toEqual({
      error: 'too-large',
      message: 'The file is too large: this server accepts at most 19.5 KB.',
      maxSize: 20000,
    });
  });
});

describe('parseSlotError', () => {
  it('reads file-too-large with its limit, stating both sizes in words', () => {
    expect(parseSlotError(tooLargeIq, 23456)).toEqual({
      code: 'too-large',
      message: 'The file is 22.9 KB; this server accepts at most 19.5 KB.',
      maxSize: 20000,
    });
    const err = errorIq(
      'modify',
      'not-acceptable',
      'File too large',
      tooLargeIq.getChild('error')!.getChild('file-too-large')!.toString(),
    );
    expect(parseSlotError(err, 12_900_000).message).toBe(
      'The file is 12.3 MB; this server accepts at most 19.5 KB.',
    );
  });

  it('accepts what @xmpp/iq rejects with (condition, text, element = <error/>)', () => {
    const element = tooLargeIq.getChild('error')!;
    expect(
      parseSlotError({ condition: 'not-acceptable', text: 'File too large', element }),
    ).toMatchObject({
      code: 'too-large',
      maxSize: 20000,
    });
    expect(parseSlotError({ condition: 'forbidden', text: null })).toEqual({
      code: 'slot-refused',
      message: 'The server does not allow this account to upload files.',
    });
    expect(parseSlotError({})).toEqual({
      code: 'slot-refused',
      message: 'The server refused the upload.',
    });
  });

  it('recognizes Prosody\'s "File too large" even without the element', () => {
    const err = parseSlotError(
      errorIq('modify', 'not-acceptable', 'File too large'),
      11 * 1024 * 1024,
    );
    expect(err).toEqual({
      code: 'too-large',
      message: 'The file (11 MB) is larger than this server accepts.',
    });
  });

  it('reads a quota error with a retry stamp', () => {
    const err = parseSlotError(
      errorIq(
        'wait',
        'resource-constraint',
        'Quota reached. You can only upload 5 files in 5 minutes',
        `<retry xmlns='urn:xmpp:http:upload:0' stamp='2017-12-03T23:42:05Z'/>`,
      ),
    );
    expect(err).toEqual({
      code: 'slot-refused',
      message:
        'Your upload quota on the server is used up: “Quota reached. You can only upload 5 files in 5 minutes”. ' +
        'Try again after 2017-12-03 23:42 UTC.',
      retryAt: Date.UTC(2017, 11, 3, 23, 42, 5),
    });
    const noStamp = parseSlotError(errorIq('wait', 'resource-constraint', 'Daily quota reached'));
    expect(noStamp.message).toBe(
      'Your upload quota on the server is used up: “Daily quota reached”. Try again later.',
    );
    const badStamp = parseSlotError(
      errorIq(
        'wait',
        'undefined-condition',
        undefined,
        `<retry xmlns='urn:xmpp:http:upload:0' stamp='soon'/>`,
      ),
    );
    expect(badStamp).toEqual({
      code: 'slot-refused',
      message: 'Your upload quota on the server is used up. Try again later.',
    });
  });

  it.each([
    ['not-allowed', 'The server does not allow this account to upload files'],
    ['forbidden', 'The server does not allow this account to upload files'],
    ['bad-request', 'The server refused the file’s name or size'],
    ['not-acceptable', 'The server does not accept this file'],
    ['service-unavailable', 'The server’s upload service is not available'],
    ['internal-server-error', 'The server refused the upload'],
    ['constructor', 'The server refused the upload'],
  ])('explains %s in words', (condition, phrase) => {
    expect(parseSlotError(errorIq('cancel', condition))).toEqual({
      code: 'slot-refused',
      message: `${phrase}.`,
    });
  });

  it('quotes hostile server text cleaned and shortened', () => {
    const text = `Nope\r\n\u202E${'x'.repeat(5000)}`;
    const { message } = parseSlotError(errorIq('cancel', 'not-allowed', text));
    expect(
      message.startsWith('The server does not allow this account to upload files: “Nope x'),
    ).toBe(true);
    expect(message).not.toMatch(/[\r\n\u202E]/);
    expect(message.length).toBeLessThan(300);
  });

  it('bounds a huge max-file-size and ignores one outside file-too-large', () => {
    const huge = errorIq(
      'modify',
      'not-acceptable',
      undefined,
      `<file-too-large xmlns='urn:xmpp:http:upload:0'><max-file-size>1e99</max-file-size></file-too-large>`,
    );
    expect(parseSlotError(huge)).toEqual({
      code: 'too-large',
      message: 'The file is larger than this server accepts.',
    });
  });
});
