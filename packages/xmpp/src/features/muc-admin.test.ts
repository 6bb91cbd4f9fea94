import { xml } from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { parseXml } from '../stanza.js';
import {
  buildAffiliationListQuery,
  buildDestroy,
  buildSetAffiliation,
  buildSetRole,
  MAX_AFFILIATION_ITEMS,
  parseAffiliationList,
} from './muc-admin.js';

const ADMIN = 'http://jabber.org/protocol/muc#admin';

describe('role and affiliation changes', () => {
  it('kicks by nick with a reason (§8.2)', () => {
    expect(
      buildSetRole('Harfleur@chat.shakespeare.lit', 'pistol', 'none', 'Avaunt').toString(),
    ).toBe(
      `<iq type="set" to="harfleur@chat.shakespeare.lit"><query xmlns="${ADMIN}"><item nick="pistol" role="none"><reason>Avaunt</reason></item></query></iq>`,
    );
    expect(
      buildSetRole('a@b', 'n', 'participant').getChild('query')!.getChild('item')!.children,
    ).toEqual([]);
  });

  it('bans by bare JID (§9.1)', () => {
    expect(
      buildSetAffiliation(
        'harfleur@chat.shakespeare.lit',
        'Earlofcambridge@shakespeare.lit/x',
        'outcast',
        'Treason',
      ).toString(),
    ).toBe(
      `<iq type="set" to="harfleur@chat.shakespeare.lit"><query xmlns="${ADMIN}"><item affiliation="outcast" jid="earlofcambridge@shakespeare.lit"><reason>Treason</reason></item></query></iq>`,
    );
    expect(() => buildSetAffiliation('a@b', 'bad jid', 'member')).toThrow(TypeError);
  });

  it('asks for an affiliation list (§9.2)', () => {
    expect(buildAffiliationListQuery('a@b', 'outcast').toString()).toBe(
      `<iq type="get" to="a@b"><query xmlns="${ADMIN}"><item affiliation="outcast"/></query></iq>`,
    );
  });
});

describe('parseAffiliationList', () => {
  it('reads the ban list', () => {
    const iq = parseXml(`<iq type='result' from='southampton@chat.shakespeare.lit' id='ban2'>
      <query xmlns='${ADMIN}'>
        <item affiliation='outcast' jid='Earlofcambridge@shakespeare.lit'><reason>Treason</reason></item>
        <item affiliation='member' jid='hag66@shakespeare.lit' nick='thirdwitch'/>
        <item affiliation='emperor' jid='x@y'/>
        <item affiliation='outcast' jid='a@b@c'/>
        <item affiliation='outcast'/>
      </query></iq>`)!;
    expect(parseAffiliationList(iq)).toEqual([
      {
        jid: 'earlofcambridge@shakespeare.lit',
        affiliation: 'outcast',
        nick: null,
        reason: 'Treason',
      },
      { jid: 'hag66@shakespeare.lit', affiliation: 'member', nick: 'thirdwitch', reason: null },
      { jid: 'x@y', affiliation: 'none', nick: null, reason: null },
    ]);
  });

  it('returns [] for non-results and caps the count', () => {
    expect(
      parseAffiliationList(xml('iq', { type: 'error' }, xml('query', { xmlns: ADMIN }))),
    ).toEqual([]);
    expect(parseAffiliationList(xml('iq', { type: 'result' }))).toEqual([]);
    const many = xml(
      'iq',
      { type: 'result' },
      xml(
        'query',
        { xmlns: ADMIN },
        Array.from({ length: MAX_AFFILIATION_ITEMS + 50 }, (_, i) =>
          xml('item', { affiliation: 'member', jid: `u${i}@example.org` }),
        ),
      ),
    );
    expect(parseAffiliationList(many)).toHaveLength(MAX_AFFILIATION_ITEMS);
  });
});

describe('buildDestroy', () => {
  it('destroys with a reason and an alternate room (§10.9)', () => {
    expect(
      buildDestroy(
        'heath@chat.shakespeare.lit',
        'Macbeth doth come.',
        'Coven@chat.shakespeare.lit',
      ).toString(),
    ).toBe(
      `<iq type="set" to="heath@chat.shakespeare.lit"><query xmlns="http://jabber.org/protocol/muc#owner"><destroy jid="coven@chat.shakespeare.lit"><reason>Macbeth doth come.</reason></destroy></query></iq>`,
    );
    expect(
      buildDestroy('a@b', undefined, null).getChild('query')!.getChild('destroy')!.toString(),
    ).toBe('<destroy/>');
  });
});
