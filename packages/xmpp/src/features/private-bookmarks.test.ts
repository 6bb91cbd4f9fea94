import { describe, expect, it } from 'vitest';
import { parseXml } from '../stanza.js';
import type { DiscoInfo } from './disco.js';
import {
  buildPrivateBookmarksFetch,
  buildPrivateBookmarksStore,
  parsePrivateBookmarks,
  supportsBookmarks2,
} from './private-bookmarks.js';

describe('XEP-0048 private bookmarks', () => {
  it('fetches the storage element', () => {
    expect(buildPrivateBookmarksFetch().toString()).toBe(
      `<iq type="get"><query xmlns="jabber:iq:private"><storage xmlns="storage:bookmarks"/></query></iq>`,
    );
  });

  it('parses conferences, skipping invalid and duplicate rooms and URLs', () => {
    const iq = parseXml(`<iq type='result' id='1'><query xmlns='jabber:iq:private'>
      <storage xmlns='storage:bookmarks'>
        <conference name='Council of Oberon' autojoin='true' jid='Council@conference.underhill.org'>
          <nick>Puck</nick><password>titania</password>
        </conference>
        <conference jid='council@conference.underhill.org' name='dup'/>
        <conference jid='other@conference.underhill.org' autojoin='false'/>
        <conference jid='with@resource.org/x'/>
        <conference name='no jid'/>
        <url name='Complete Works of Shakespeare' url='http://the-tech.mit.edu/Shakespeare/'/>
      </storage></query></iq>`)!;
    expect(parsePrivateBookmarks(iq)).toEqual([
      {
        jid: 'council@conference.underhill.org',
        name: 'Council of Oberon',
        autojoin: true,
        nick: 'Puck',
        password: 'titania',
      },
      {
        jid: 'other@conference.underhill.org',
        name: '',
        autojoin: false,
        nick: null,
        password: null,
      },
    ]);
    expect(
      parsePrivateBookmarks(parseXml(`<iq type='result'><query xmlns='jabber:iq:private'/></iq>`)!),
    ).toEqual([]);
    expect(parsePrivateBookmarks(parseXml(`<iq type='error'/>`)!)).toEqual([]);
  });

  it('stores the whole list and reads it back', () => {
    const bookmarks = [
      {
        jid: 'council@conference.underhill.org',
        name: 'Council',
        autojoin: true,
        nick: 'Puck',
        password: 'titania',
      },
      {
        jid: 'other@conference.underhill.org',
        name: '',
        autojoin: false,
        nick: null,
        password: null,
      },
    ];
    const iq = buildPrivateBookmarksStore(bookmarks);
    expect(iq.toString()).toBe(
      `<iq type="set"><query xmlns="jabber:iq:private"><storage xmlns="storage:bookmarks">` +
        `<conference jid="council@conference.underhill.org" name="Council" autojoin="true"><nick>Puck</nick><password>titania</password></conference>` +
        `<conference jid="other@conference.underhill.org" autojoin="false"/>` +
        `</storage></query></iq>`,
    );
    iq.attrs.type = 'result';
    expect(parsePrivateBookmarks(iq)).toEqual(bookmarks);
    expect(buildPrivateBookmarksStore([]).toString()).toBe(
      `<iq type="set"><query xmlns="jabber:iq:private"><storage xmlns="storage:bookmarks"/></query></iq>`,
    );
  });
});

describe('supportsBookmarks2', () => {
  const pep = { category: 'pubsub', type: 'pep', name: null, lang: null };
  const info = (features: string[], identities = [pep]): DiscoInfo => ({
    identities,
    features,
    forms: [],
  });

  it("trusts the server's #compat feature (Prosody 0.12 mod_bookmarks)", () => {
    expect(
      supportsBookmarks2(
        info([
          'urn:xmpp:bookmarks:1#compat',
          'urn:xmpp:bookmarks:1#compat-pep',
          'urn:xmpp:bookmarks-conversion:0',
        ]),
      ),
    ).toBe(true);
  });

  it('accepts a PEP service with publish-options, never one without', () => {
    expect(supportsBookmarks2(info(['http://jabber.org/protocol/pubsub#publish-options']))).toBe(
      true,
    );
    expect(supportsBookmarks2(info(['http://jabber.org/protocol/pubsub#item-ids']))).toBe(false);
    expect(
      supportsBookmarks2(info(['http://jabber.org/protocol/pubsub#publish-options'], [])),
    ).toBe(false);
    expect(supportsBookmarks2(info([], []))).toBe(false);
  });
});
