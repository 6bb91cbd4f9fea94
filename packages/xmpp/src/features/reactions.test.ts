import { describe, expect, it } from 'vitest';
import { parseXml, xml } from '../stanza.js';
import { parseDiscoInfo } from './disco.js';
import {
  MAX_REACTIONS_PARSED,
  buildReactionsMessage,
  keepsRestrictions,
  parseReactionRestrictions,
  parseReactions,
} from './reactions.js';

describe('XEP-0444 reactions', () => {
  it('reads the example of §3.2 (the whole set, deduplicated)', () => {
    const msg =
      parseXml(`<message to='romeo@capulet.net/orchard' id='96d73204-a57a-11e9-88b8-4889e7820c76' type='chat' xmlns='jabber:client'>
      <reactions id='744f6e18-a57a-11e9-a656-4889e7820c76' xmlns='urn:xmpp:reactions:0'>
        <reaction>👋</reaction>
        <reaction>🐢</reaction>
        <reaction>👋</reaction>
      </reactions>
      <store xmlns="urn:xmpp:hints"/>
    </message>`)!;
    expect(parseReactions(msg)).toEqual({
      id: '744f6e18-a57a-11e9-a656-4889e7820c76',
      emojis: ['👋', '🐢'],
    });
  });

  it('reads an empty set as "all removed" (§3.3) and ignores a reactions element without id', () => {
    const empty = xml('message', {}, xml('reactions', { xmlns: 'urn:xmpp:reactions:0', id: 'm1' }));
    expect(parseReactions(empty)).toEqual({ id: 'm1', emojis: [] });
    const noId = xml('message', {}, xml('reactions', { xmlns: 'urn:xmpp:reactions:0' }));
    expect(parseReactions(noId)).toBeNull();
    const otherNs = xml(
      'message',
      {},
      xml('reactions', { xmlns: 'urn:xmpp:reactions:1', id: 'x' }),
    );
    expect(parseReactions(otherNs)).toBeNull();
  });

  it('bounds what a hostile stanza can make it read', () => {
    const many = Array.from({ length: 1000 }, (_, i) => xml('reaction', {}, `e${i}`));
    const long = xml('reaction', {}, 'x'.repeat(10_000));
    const spaced = xml('reaction', {}, 'a b');
    const msg = xml(
      'message',
      {},
      xml('reactions', { xmlns: 'urn:xmpp:reactions:0', id: 'm' }, long, spaced, ...many),
    );
    const parsed = parseReactions(msg)!;
    expect(parsed.emojis.length).toBeLessThanOrEqual(MAX_REACTIONS_PARSED);
    expect(parsed.emojis).not.toContain('a b');
    expect(parsed.emojis.every((e) => e.length <= 64)).toBe(true);
  });

  it('builds a body-less message with the set and a store hint; groupchat goes to the room', () => {
    const chat = buildReactionsMessage({
      to: 'juliet@capulet.net/balcony',
      type: 'chat',
      id: 'r1',
      target: 'm1',
      emojis: ['👍', '👍', '🎉'],
    });
    expect(chat.attrs).toMatchObject({ to: 'juliet@capulet.net/balcony', type: 'chat', id: 'r1' });
    expect(chat.getChild('body')).toBeUndefined();
    expect(parseReactions(chat)).toEqual({ id: 'm1', emojis: ['👍', '🎉'] });
    expect(chat.getChild('store', 'urn:xmpp:hints')).toBeDefined();
    const room = buildReactionsMessage({
      to: 'room@conf.x/nick',
      type: 'groupchat',
      id: 'r2',
      target: 'sid',
      emojis: [],
    });
    expect(room.attrs.to).toBe('room@conf.x');
    expect(parseReactions(room)).toEqual({ id: 'sid', emojis: [] });
  });

  it('reads the room restrictions of §4 from disco#info and applies them', () => {
    const iq = parseXml(`<iq type='result' from='room@conf.x' xmlns='jabber:client'>
      <query xmlns='http://jabber.org/protocol/disco#info'>
        <identity category='conference' type='text'/>
        <feature var='urn:xmpp:reactions:0'/>
        <x xmlns='jabber:x:data' type='result'>
          <field var='FORM_TYPE' type='hidden'><value>urn:xmpp:reactions:0:restrictions</value></field>
          <field var='max_reactions_per_user'><value>1</value></field>
          <field var='allowlist' type='text-multi'><value>👍</value><value>👎</value></field>
        </x>
      </query></iq>`)!;
    const restrictions = parseReactionRestrictions(parseDiscoInfo(iq)!);
    expect(restrictions).toEqual({ maxPerUser: 1, allowlist: ['👍', '👎'] });
    expect(keepsRestrictions(['👍'], restrictions)).toBe(true);
    expect(keepsRestrictions(['👍', '👎'], restrictions)).toBe(false);
    expect(keepsRestrictions(['🎉'], restrictions)).toBe(false);
    expect(keepsRestrictions([], restrictions)).toBe(true);
    expect(keepsRestrictions(['🎉', '🎈'], null)).toBe(true);
  });
});
