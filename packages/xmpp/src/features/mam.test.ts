import { xml } from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { jid, parseXml } from '../stanza.js';
import { parseChatMessage } from './chat.js';
import { buildMamQuery, MAX_PAGE, parseMamFin, parseMamResult, type MamResult } from './mam.js';

const own = jid('juliet@capulet.lit');

const result = (
  attrs: string,
  inner?: string,
  resultAttrs = "queryid='f27' id='28482-98726-73623'",
) =>
  parseXml(`<message xmlns='jabber:client' ${attrs} to='juliet@capulet.lit/balcony' id='aeb213'>
    <result xmlns='urn:xmpp:mam:2' ${resultAttrs}>
      <forwarded xmlns='urn:xmpp:forward:0'>
        <delay xmlns='urn:xmpp:delay' stamp='2010-07-10T23:08:25Z'/>
        ${
          inner ??
          `<message xmlns='jabber:client' from='witch@shakespeare.lit' to='macbeth@shakespeare.lit' type='chat' id='m1'>
          <body>Hail to thee</body></message>`
        }
      </forwarded>
    </result>
  </message>`)!;

describe('buildMamQuery', () => {
  it('builds the form and RSM set (XEP-0313 §4.1, XEP-0059)', () => {
    const iq = buildMamQuery({
      queryId: 'f27',
      with: 'Romeo@montague.lit',
      start: Date.UTC(2010, 5, 7),
      end: Date.UTC(2010, 7, 7, 13, 23, 54),
      after: '09af3-cc343-b409f',
      max: 20,
    });
    expect(iq.toString()).toBe(
      '<iq type="set"><query xmlns="urn:xmpp:mam:2" queryid="f27"><x xmlns="jabber:x:data" type="submit">' +
        '<field var="FORM_TYPE" type="hidden"><value>urn:xmpp:mam:2</value></field>' +
        '<field var="with"><value>romeo@montague.lit</value></field>' +
        '<field var="start"><value>2010-06-07T00:00:00.000Z</value></field>' +
        '<field var="end"><value>2010-08-07T13:23:54.000Z</value></field></x>' +
        '<set xmlns="http://jabber.org/protocol/rsm"><max>20</max><after>09af3-cc343-b409f</after></set></query></iq>',
    );
  });

  it('asks for the last page with an empty <before/>, and for a page before an id', () => {
    const last = buildMamQuery({ queryId: 'q', before: true, max: 50 });
    expect(last.getChild('query')?.getChild('set')?.toString()).toBe(
      '<set xmlns="http://jabber.org/protocol/rsm"><max>50</max><before/></set>',
    );
    const page = buildMamQuery({ queryId: 'q', before: 'abc', max: 50, to: 'room@muc.lit/nick' });
    expect(page.getChild('query')?.getChild('set')?.getChildText('before')).toBe('abc');
    expect(page.attrs.to).toBe('room@muc.lit');
  });

  it('clamps max', () => {
    expect(buildMamQuery({ queryId: 'q', max: 10_000 }).toString()).toContain(
      `<max>${MAX_PAGE}</max>`,
    );
    expect(buildMamQuery({ queryId: 'q', max: -3 }).toString()).toContain('<max>0</max>');
  });
});

describe('parseMamResult', () => {
  it('accepts results without from or from our bare JID', () => {
    for (const attrs of ['', "from='juliet@capulet.lit'"]) {
      const parsed = parseMamResult(result(attrs), {
        queryId: 'f27',
        ownBareJid: own,
      }) as MamResult;
      expect(parsed).toMatchObject({
        queryId: 'f27',
        archiveId: '28482-98726-73623',
        delay: Date.UTC(2010, 6, 10, 23, 8, 25),
      });
      expect(parseChatMessage(parsed.forwarded, { ownJid: own })).toMatchObject({
        id: 'm1',
        body: 'Hail to thee',
      });
    }
  });

  it('routes by queryid: mismatch is null, absent ctx.queryId accepts any', () => {
    expect(parseMamResult(result(''), { queryId: 'other', ownBareJid: own })).toBeNull();
    expect(parseMamResult(result(''), { ownBareJid: 'juliet@capulet.lit' })).toMatchObject({
      queryId: 'f27',
    });
  });

  it('rejects results from anyone but our archive as foreign', () => {
    for (const from of [
      'romeo@montague.lit',
      'juliet@capulet.lit/balcony',
      'capulet.lit',
      'a@b@c',
    ]) {
      expect(
        parseMamResult(result(`from='${from}'`), { queryId: 'f27', ownBareJid: own }),
        from,
      ).toEqual({ rejected: 'foreign' });
    }
  });

  it('accepts a MUC archive only from the room queried', () => {
    const ctx = { queryId: 'f27', ownBareJid: own, archiveJid: 'room@muc.lit' };
    expect(parseMamResult(result("from='room@muc.lit'"), ctx)).toMatchObject({
      archiveId: '28482-98726-73623',
    });
    expect(parseMamResult(result(''), ctx)).toEqual({ rejected: 'foreign' });
    expect(parseMamResult(result("from='room@muc.lit/nick'"), ctx)).toEqual({
      rejected: 'foreign',
    });
  });

  it('rejects malformed and nested results', () => {
    const ctx = { queryId: 'f27', ownBareJid: own };
    expect(parseMamResult(result('', undefined, "queryid='f27'"), ctx)).toEqual({
      rejected: 'malformed',
    });
    expect(parseMamResult(result('', ''), ctx)).toEqual({ rejected: 'malformed' });
    const carbon = `<message xmlns='jabber:client' from='juliet@capulet.lit'><sent xmlns='urn:xmpp:carbons:2'/></message>`;
    expect(parseMamResult(result('', carbon), ctx)).toEqual({ rejected: 'nested' });
  });

  it('reports a missing or garbage delay as null', () => {
    const stanza = result('');
    const forwarded = stanza.getChild('result')!.getChild('forwarded')!;
    forwarded.getChild('delay')!.attrs.stamp = 'garbage';
    expect(parseMamResult(stanza, { queryId: 'f27', ownBareJid: own })).toMatchObject({
      delay: null,
    });
  });

  it('returns null for messages without a MAM result', () => {
    expect(
      parseMamResult(xml('message', {}, xml('body', {}, 'x')), { ownBareJid: own }),
    ).toBeNull();
    expect(
      parseMamResult(xml('iq', {}, xml('result', { xmlns: 'urn:xmpp:mam:2' })), {
        ownBareJid: own,
      }),
    ).toBeNull();
  });
});

describe('parseMamFin', () => {
  it('parses a complete fin with RSM (XEP-0313 §4.3)', () => {
    const iq = parseXml(`<iq xmlns='jabber:client' type='result' id='juliet1'>
      <fin xmlns='urn:xmpp:mam:2' complete='true'>
        <set xmlns='http://jabber.org/protocol/rsm'>
          <first index='0'>28482-98726-73623</first><last>09af3-cc343-b409f</last><count>20</count>
        </set></fin></iq>`)!;
    expect(parseMamFin(iq)).toEqual({
      complete: true,
      stable: true,
      first: '28482-98726-73623',
      last: '09af3-cc343-b409f',
      count: 20,
    });
  });

  it('defaults: incomplete, empty page, unstable flag, garbage count', () => {
    const iq = xml(
      'iq',
      { type: 'result' },
      xml(
        'fin',
        { xmlns: 'urn:xmpp:mam:2', stable: 'false' },
        xml('set', { xmlns: 'http://jabber.org/protocol/rsm' }, xml('count', {}, 'lots')),
      ),
    );
    expect(parseMamFin(iq)).toEqual({
      complete: false,
      stable: false,
      first: null,
      last: null,
      count: null,
    });
  });

  it('returns null for non-fin results, wrong types, and foreign senders when checked', () => {
    expect(parseMamFin(xml('iq', { type: 'result' }))).toBeNull();
    expect(
      parseMamFin(xml('iq', { type: 'error' }, xml('fin', { xmlns: 'urn:xmpp:mam:2' }))),
    ).toBeNull();
    expect(
      parseMamFin(xml('iq', { type: 'result' }, xml('fin', { xmlns: 'urn:xmpp:mam:1' }))),
    ).toBeNull();
    const foreign = xml(
      'iq',
      { type: 'result', from: 'romeo@montague.lit' },
      xml('fin', { xmlns: 'urn:xmpp:mam:2', complete: 'true' }),
    );
    expect(parseMamFin(foreign, own)).toBeNull();
    expect(parseMamFin(foreign)).toMatchObject({ complete: true });
  });
});
