import { describe, expect, it } from 'vitest';
import { parseXml, type Element } from '../stanza.js';
import {
  buildAvatarDataFetch,
  buildAvatarDataPublish,
  buildAvatarMetadataPublish,
  MAX_AVATAR_BYTES,
  NS_AVATAR_METADATA,
  parseAvatarDataResult,
  parseAvatarMetadataResult,
  parseAvatarNotification,
} from './avatar-pep.js';

const OWN = 'me@example.org';
const HASH = '111f4b3c50d7b0df729d299bc6f8e9ef9066971f';

function el(text: string): Element {
  const parsed = parseXml(text);
  if (!parsed) throw new Error(`bad xml: ${text}`);
  return parsed;
}

function notification(from: string | null, metadata: string): Element {
  return el(
    `<message ${from === null ? '' : `from='${from}'`} to='${OWN}/r' type='headline'>` +
      `<event xmlns='http://jabber.org/protocol/pubsub#event'>` +
      `<items node='${NS_AVATAR_METADATA}'><item id='${HASH}'>${metadata}</item></items>` +
      `</event></message>`,
  );
}

const info = (attrs: string) =>
  `<metadata xmlns='${NS_AVATAR_METADATA}'><info ${attrs}/></metadata>`;

describe('XEP-0084 metadata notifications', () => {
  it('takes the image a contact announces, by its SHA-1', () => {
    const note = parseAvatarNotification(
      notification(
        'Juliet@Capulet.lit',
        info(`id='${HASH.toUpperCase()}' type='image/png' bytes='12345'`),
      ),
      OWN,
    );
    expect(note).toEqual({
      jid: 'juliet@capulet.lit',
      avatar: { id: HASH, type: 'image/png', bytes: 12345 },
    });
  });

  it('prefers PNG among several infos and skips the ones it may not fetch', () => {
    const metadata =
      `<metadata xmlns='${NS_AVATAR_METADATA}'>` +
      `<info id='${'a'.repeat(40)}' type='image/svg+xml' bytes='10'/>` +
      `<info id='${'b'.repeat(40)}' type='image/png' bytes='10' url='http://evil.example/x.png'/>` +
      `<info id='${'c'.repeat(40)}' type='image/jpeg' bytes='10'/>` +
      `<info id='${'d'.repeat(40)}' type='image/png' bytes='10'/>` +
      `</metadata>`;
    const note = parseAvatarNotification(notification('juliet@capulet.lit', metadata), OWN);
    expect(note).toMatchObject({ avatar: { id: 'd'.repeat(40), type: 'image/png' } });
  });

  it('empty metadata means the avatar was removed', () => {
    const note = parseAvatarNotification(
      notification('juliet@capulet.lit', `<metadata xmlns='${NS_AVATAR_METADATA}'/>`),
      OWN,
    );
    expect(note).toEqual({ jid: 'juliet@capulet.lit', avatar: null });
  });

  it('without from it is our own account’s', () => {
    const note = parseAvatarNotification(
      notification(null, info(`id='${HASH}' type='image/png' bytes='5'`)),
      OWN,
    );
    expect(note).toMatchObject({ jid: OWN });
  });

  it.each([
    ['a full JID', 'juliet@capulet.lit/balcony'],
    ['a server', 'capulet.lit'],
    ['an invalid address', 'a@b@c'],
  ])('refuses metadata sent by %s', (_what, from) => {
    const note = parseAvatarNotification(
      notification(from, info(`id='${HASH}' type='image/png' bytes='5'`)),
      OWN,
    );
    expect(note).toHaveProperty('rejected');
  });

  it.each([
    ['a bad hash', `id='not-a-sha1' type='image/png' bytes='5'`],
    ['a short hash', `id='${HASH.slice(2)}' type='image/png' bytes='5'`],
    ['an oversized image', `id='${HASH}' type='image/png' bytes='${MAX_AVATAR_BYTES + 1}'`],
    ['a wrong type', `id='${HASH}' type='image/svg+xml' bytes='5'`],
    ['a hosted image (url)', `id='${HASH}' type='image/png' bytes='5' url='https://evil.example/'`],
    ['no size', `id='${HASH}' type='image/png'`],
    ['a negative size', `id='${HASH}' type='image/png' bytes='-5'`],
  ])('refuses hostile metadata: %s', (_what, attrs) => {
    expect(
      parseAvatarNotification(notification('juliet@capulet.lit', info(attrs)), OWN),
    ).toHaveProperty('rejected');
  });

  it('ignores other PEP events', () => {
    const other = el(
      `<message from='juliet@capulet.lit'><event xmlns='http://jabber.org/protocol/pubsub#event'>` +
        `<items node='urn:xmpp:bookmarks:1'/></event></message>`,
    );
    expect(parseAvatarNotification(other, OWN)).toBeNull();
  });
});

describe('XEP-0084 data', () => {
  const result = (id: string, text: string) =>
    el(
      `<iq type='result' from='juliet@capulet.lit'><pubsub xmlns='http://jabber.org/protocol/pubsub'>` +
        `<items node='urn:xmpp:avatar:data'><item id='${id}'><data xmlns='urn:xmpp:avatar:data'>${text}</data></item></items>` +
        `</pubsub></iq>`,
    );

  it('fetches one item by id from the owner’s bare JID', () => {
    const iq = buildAvatarDataFetch('juliet@capulet.lit/balcony', HASH);
    expect(iq.attrs.to).toBe('juliet@capulet.lit');
    expect(iq.toString()).toContain(`<item id="${HASH}"/>`);
  });

  it('returns the base64 of the item asked for', () => {
    expect(parseAvatarDataResult(result(HASH, 'aGVsbG8='), HASH)).toBe('aGVsbG8=');
    expect(parseAvatarDataResult(result('x'.repeat(40), 'aGVsbG8='), HASH)).toHaveProperty(
      'rejected',
    );
  });

  it('refuses oversized data before decoding it', () => {
    const huge = 'A'.repeat(Math.ceil((MAX_AVATAR_BYTES * 4) / 3) * 2);
    expect(parseAvatarDataResult(result(HASH, huge), HASH)).toEqual({
      rejected: 'avatar larger than allowed',
    });
  });

  it('publishes data then metadata, readable by anyone', () => {
    const data = buildAvatarDataPublish(HASH, 'aGVsbG8=');
    expect(data.toString()).toContain('pubsub#access_model');
    expect(data.toString()).toContain('<value>open</value>');
    const meta = buildAvatarMetadataPublish({
      id: HASH,
      type: 'image/png',
      bytes: 5,
      width: 64,
      height: 64,
    });
    const back = parseAvatarMetadataResult(
      el(
        `<iq type='result'><pubsub xmlns='http://jabber.org/protocol/pubsub'><items node='${NS_AVATAR_METADATA}'>` +
          meta.getChild('pubsub')!.getChild('publish')!.getChild('item')!.toString() +
          `</items></pubsub></iq>`,
      ),
    );
    expect(back).toEqual({ id: HASH, type: 'image/png', bytes: 5 });
    expect(buildAvatarMetadataPublish(null).toString()).toContain(
      `<metadata xmlns="${NS_AVATAR_METADATA}"/>`,
    );
  });
});
