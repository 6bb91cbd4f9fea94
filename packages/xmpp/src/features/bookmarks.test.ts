import { xml } from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { jid, parseXml } from '../stanza.js';
import {
  buildBookmarkPublish,
  buildBookmarkRetract,
  buildBookmarksFetch,
  MAX_BOOKMARKS,
  NS_BOOKMARKS2,
  parseBookmarkItems,
  parseBookmarkNotification,
} from './bookmarks.js';

const p = (s: string) => parseXml(s)!;
const own = 'juliet@capulet.lit';

const fetchResult = `<iq type='result' to='juliet@capulet.lit/balcony' id='retrieve1'>
  <pubsub xmlns='http://jabber.org/protocol/pubsub'>
    <items node='urn:xmpp:bookmarks:1'>
      <item id='Theplay@conference.shakespeare.lit'>
        <conference xmlns='urn:xmpp:bookmarks:1' name='The Play&apos;s the Thing' autojoin='true'>
          <nick>JC</nick>
          <extensions><state xmlns='http://myclient.example/bookmark/state' minimized='true'/></extensions>
        </conference>
      </item>
      <item id='orchard@conference.shakespeare.lit'>
        <conference xmlns='urn:xmpp:bookmarks:1' name='The Orchard' autojoin='1'><password>pw</password></conference>
      </item>
      <item id='plain@conference.shakespeare.lit'><conference xmlns='urn:xmpp:bookmarks:1'/></item>
      <item id='theplay@conference.shakespeare.lit'><conference xmlns='urn:xmpp:bookmarks:1' name='dup'/></item>
      <item id='room@conference.shakespeare.lit/res'><conference xmlns='urn:xmpp:bookmarks:1'/></item>
      <item id='conference.shakespeare.lit'><conference xmlns='urn:xmpp:bookmarks:1'/></item>
      <item id='bad nick@conference.shakespeare.lit'><conference xmlns='urn:xmpp:bookmarks:1'/></item>
      <item id='wrongns@conference.shakespeare.lit'><conference xmlns='storage:bookmarks'/></item>
      <item><conference xmlns='urn:xmpp:bookmarks:1'/></item>
    </items>
  </pubsub>
</iq>`;

describe('fetching bookmarks', () => {
  it('asks our PEP service for the node', () => {
    expect(buildBookmarksFetch().toString()).toBe(
      `<iq type="get"><pubsub xmlns="http://jabber.org/protocol/pubsub"><items node="urn:xmpp:bookmarks:1"/></pubsub></iq>`,
    );
  });

  it('parses items, skipping invalid room JIDs and duplicates', () => {
    expect(parseBookmarkItems(p(fetchResult))).toEqual([
      {
        jid: 'theplay@conference.shakespeare.lit',
        name: "The Play's the Thing",
        autojoin: true,
        nick: 'JC',
        password: null,
        extensions: expect.stringContaining('http://myclient.example/bookmark/state'),
      },
      {
        jid: 'orchard@conference.shakespeare.lit',
        name: 'The Orchard',
        autojoin: true,
        nick: null,
        password: 'pw',
      },
      {
        jid: 'plain@conference.shakespeare.lit',
        name: '',
        autojoin: false,
        nick: null,
        password: null,
      },
    ]);
  });

  it("keeps other clients' extensions when the bookmark is published again (XEP-0402 §3.1)", () => {
    const [first] = parseBookmarkItems(p(fetchResult));
    const republished = buildBookmarkPublish({ ...first!, autojoin: false });
    const conference = republished
      .getChild('pubsub')!
      .getChild('publish')!
      .getChild('item')!
      .getChild('conference')!;
    const state = conference.getChild('extensions')?.getChild('state');
    expect(state?.attrs).toMatchObject({
      xmlns: 'http://myclient.example/bookmark/state',
      minimized: 'true',
    });
    // Read back through a fresh parse, the extensions are those of the bookmarks namespace.
    const again = parseBookmarkItems(
      p(`<iq type='result'><pubsub xmlns='http://jabber.org/protocol/pubsub'>
        <items node='urn:xmpp:bookmarks:1'><item id='theplay@conference.shakespeare.lit'>
        ${conference.toString()}</item></items></pubsub></iq>`),
    );
    expect(again[0]?.extensions).toBe(first!.extensions);
    // Something that is not an <extensions/> of ours is never published.
    const forged = buildBookmarkPublish({ ...first!, extensions: '<script xmlns="x"/>' });
    expect(forged.toString()).not.toContain('script');
  });

  it('returns [] for errors and other nodes; drops unusable nicks; caps the count', () => {
    expect(parseBookmarkItems(p(`<iq type='error'/>`))).toEqual([]);
    expect(
      parseBookmarkItems(
        p(`<iq type='result'><pubsub xmlns='http://jabber.org/protocol/pubsub'><items node='urn:evil'>
          <item id='a@b'><conference xmlns='urn:xmpp:bookmarks:1'/></item></items></pubsub></iq>`),
      ),
    ).toEqual([]);
    const longNick = xml(
      'iq',
      { type: 'result' },
      xml(
        'pubsub',
        { xmlns: 'http://jabber.org/protocol/pubsub' },
        xml(
          'items',
          { node: NS_BOOKMARKS2 },
          xml(
            'item',
            { id: 'r@muc' },
            xml(
              'conference',
              { xmlns: NS_BOOKMARKS2, autojoin: 'yes' },
              xml('nick', {}, 'n'.repeat(5000)),
            ),
          ),
          Array.from({ length: MAX_BOOKMARKS + 5 }, (_, i) =>
            xml('item', { id: `r${i}@muc` }, xml('conference', { xmlns: NS_BOOKMARKS2 })),
          ),
        ),
      ),
    );
    const parsed = parseBookmarkItems(longNick);
    expect(parsed[0]).toEqual({
      jid: 'r@muc',
      name: '',
      autojoin: false,
      nick: null,
      password: null,
    });
    expect(parsed).toHaveLength(MAX_BOOKMARKS);
  });
});

describe('publishing and retracting', () => {
  it('publishes privately with the XEP-0402 publish-options', () => {
    const iq = buildBookmarkPublish({
      jid: 'Theplay@conference.shakespeare.lit',
      name: "The Play's the Thing",
      autojoin: true,
      nick: 'JC',
      password: 'pw',
    });
    expect(iq.toString()).toBe(
      `<iq type="set"><pubsub xmlns="http://jabber.org/protocol/pubsub">` +
        `<publish node="urn:xmpp:bookmarks:1"><item id="theplay@conference.shakespeare.lit">` +
        `<conference xmlns="urn:xmpp:bookmarks:1" name="The Play&apos;s the Thing" autojoin="true"><nick>JC</nick><password>pw</password></conference>` +
        `</item></publish><publish-options><x xmlns="jabber:x:data" type="submit">` +
        `<field var="FORM_TYPE" type="hidden"><value>http://jabber.org/protocol/pubsub#publish-options</value></field>` +
        `<field var="pubsub#persist_items"><value>true</value></field>` +
        `<field var="pubsub#max_items"><value>max</value></field>` +
        `<field var="pubsub#send_last_published_item"><value>never</value></field>` +
        `<field var="pubsub#access_model"><value>whitelist</value></field>` +
        `</x></publish-options></pubsub></iq>`,
    );
    const minimal = buildBookmarkPublish({
      jid: 'r@muc',
      name: '',
      autojoin: false,
      nick: null,
      password: null,
    });
    expect(minimal.getChild('pubsub')!.getChild('publish')!.getChild('item')!.toString()).toBe(
      `<item id="r@muc"><conference xmlns="urn:xmpp:bookmarks:1" autojoin="false"/></item>`,
    );
    // Round trip.
    const item = iq.getChild('pubsub')!.getChild('publish')!;
    const result = xml(
      'iq',
      { type: 'result' },
      xml(
        'pubsub',
        { xmlns: 'http://jabber.org/protocol/pubsub' },
        xml('items', { node: NS_BOOKMARKS2 }, item.getChildElements()),
      ),
    );
    expect(parseBookmarkItems(result)[0]).toMatchObject({
      nick: 'JC',
      password: 'pw',
      autojoin: true,
    });
  });

  it('retracts with notify', () => {
    expect(buildBookmarkRetract('Theplay@conference.shakespeare.lit').toString()).toBe(
      `<iq type="set"><pubsub xmlns="http://jabber.org/protocol/pubsub"><retract node="urn:xmpp:bookmarks:1" notify="true"><item id="theplay@conference.shakespeare.lit"/></retract></pubsub></iq>`,
    );
  });
});

const event = (from: string | null, inner: string) =>
  p(`<message ${from === null ? '' : `from='${from}'`} to='juliet@capulet.lit/balcony' type='headline' id='e1'>
    <event xmlns='http://jabber.org/protocol/pubsub#event'>${inner}</event></message>`);
const published = `<items node='urn:xmpp:bookmarks:1'>
  <item id='theplay@conference.shakespeare.lit'>
    <conference xmlns='urn:xmpp:bookmarks:1' name='The Play' autojoin='true'><nick>JC</nick></conference>
  </item></items>`;

describe('parseBookmarkNotification', () => {
  it('reads a published bookmark from our own account', () => {
    expect(parseBookmarkNotification(event(own, published), own)).toEqual({
      published: [
        {
          jid: 'theplay@conference.shakespeare.lit',
          name: 'The Play',
          autojoin: true,
          nick: 'JC',
          password: null,
        },
      ],
      retracted: [],
      purged: false,
    });
    expect(
      parseBookmarkNotification(
        event('Juliet@Capulet.lit', published),
        jid('juliet@capulet.lit/balcony'),
      ),
    ).not.toBeNull();
    expect(parseBookmarkNotification(event(null, published), own)).not.toBeNull();
  });

  it('refuses notifications from anyone else (forged autojoin bookmarks)', () => {
    for (const from of [
      'mallory@evil.example',
      'juliet@capulet.lit/balcony',
      'capulet.lit',
      'juliet@capulet.lit.evil',
      'bad@@jid',
      '',
    ]) {
      expect(parseBookmarkNotification(event(from, published), own), from).toBeNull();
    }
    expect(parseBookmarkNotification(event(own, published), 'not a jid')).toBeNull();
  });

  it('reads retractions, purges and deletes', () => {
    const retract = event(
      own,
      `<items node='urn:xmpp:bookmarks:1'><retract id='Theplay@conference.shakespeare.lit'/><retract id='bad jid'/><retract id='x@y/z'/></items>`,
    );
    expect(parseBookmarkNotification(retract, own)).toEqual({
      published: [],
      retracted: ['theplay@conference.shakespeare.lit'],
      purged: false,
    });
    expect(
      parseBookmarkNotification(event(own, `<purge node='urn:xmpp:bookmarks:1'/>`), own),
    ).toEqual({
      published: [],
      retracted: [],
      purged: true,
    });
    expect(
      parseBookmarkNotification(event(own, `<delete node='urn:xmpp:bookmarks:1'/>`), own)!.purged,
    ).toBe(true);
  });

  it('ignores other nodes and non-events', () => {
    expect(
      parseBookmarkNotification(event(own, `<items node='urn:xmpp:avatar:metadata'/>`), own),
    ).toBeNull();
    expect(
      parseBookmarkNotification(event(own, `<purge node='storage:bookmarks'/>`), own),
    ).toBeNull();
    expect(
      parseBookmarkNotification(p(`<message from='${own}'><body>x</body></message>`), own),
    ).toBeNull();
    expect(parseBookmarkNotification(p(`<iq from='${own}' type='set'/>`), own)).toBeNull();
  });
});
