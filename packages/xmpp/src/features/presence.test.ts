import type { Show } from '@parley/contract';
import { xml } from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { parseXml } from '../stanza.js';
import { buildCaps } from '../modules/index.js';
import { bestPresence, buildOwnPresence, buildSubscription, parsePresence } from './presence.js';

describe('parsePresence: availability', () => {
  it('parses a full presence as a server delivers it', () => {
    const stanza =
      parseXml(`<presence xmlns='jabber:client' from='Romeo@Example.net/orchard' to='juliet@example.com'>
      <show>dnd</show><status>Wooing Juliet</status><priority>5</priority>
      <c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='https://conversations.im' ver='QgayPKawpkPSDYmwT/WM94uAlu0='/>
    </presence>`)!;
    expect(parsePresence(stanza)).toEqual({
      kind: 'availability',
      from: 'romeo@example.net/orchard',
      bare: 'romeo@example.net',
      resource: 'orchard',
      show: 'dnd',
      status: 'Wooing Juliet',
      priority: 5,
      caps: {
        node: 'https://conversations.im',
        hash: 'sha-1',
        ver: 'QgayPKawpkPSDYmwT/WM94uAlu0=',
      },
    });
  });

  it('defaults: no show is available, no priority is 0, no status is empty', () => {
    expect(parsePresence(xml('presence', { from: 'romeo@example.net' }))).toEqual({
      kind: 'availability',
      from: 'romeo@example.net',
      bare: 'romeo@example.net',
      resource: '',
      show: 'available',
      status: '',
      priority: 0,
      caps: null,
    });
  });

  it('maps unavailable to offline', () => {
    const p = parsePresence(
      xml(
        'presence',
        { from: 'romeo@example.net/orchard', type: 'unavailable' },
        xml('status', {}, 'bye'),
      ),
    );
    expect(p).toMatchObject({ kind: 'availability', show: 'offline', status: 'bye' });
  });

  it('tolerates hostile values', () => {
    const p = parsePresence(
      xml(
        'presence',
        { from: 'romeo@example.net/orchard' },
        xml('show', {}, 'sleeping'),
        xml('priority', {}, '9999'),
        xml('status', {}, 's'.repeat(5000)),
        xml('c', { xmlns: 'http://jabber.org/protocol/caps', node: 'n', ver: 'v' }),
      ),
    );
    expect(p).toMatchObject({ show: 'available', priority: 0, caps: null });
    expect(p?.kind === 'availability' && p.status.length).toBe(1024);
    const garbled = parsePresence(xml('presence', { from: 'a@b/c' }, xml('priority', {}, '1e2')));
    expect(garbled).toMatchObject({ priority: 0 });
    const negative = parsePresence(xml('presence', { from: 'a@b/c' }, xml('priority', {}, '-128')));
    expect(negative).toMatchObject({ priority: -128 });
  });

  it('ignores show/status in foreign namespaces', () => {
    const stanza = parseXml(
      "<presence xmlns='jabber:client' from='a@b/c'><show xmlns='urn:evil'>dnd</show><status xmlns='urn:evil'>x</status></presence>",
    )!;
    expect(parsePresence(stanza)).toMatchObject({ show: 'available', status: '' });
  });
});

describe('parsePresence: subscriptions and errors', () => {
  it('parses a subscribe with an XEP-0172 nick, from the bare JID', () => {
    const stanza =
      parseXml(`<presence xmlns='jabber:client' from='romeo@example.net/orchard' type='subscribe'>
      <nick xmlns='http://jabber.org/protocol/nick'> Romeo </nick></presence>`)!;
    expect(parsePresence(stanza)).toEqual({
      kind: 'subscription',
      from: 'romeo@example.net',
      type: 'subscribe',
      nick: 'Romeo',
    });
  });

  it('parses the other subscription types without nick', () => {
    for (const type of ['subscribed', 'unsubscribe', 'unsubscribed'] as const) {
      const p = parsePresence(
        xml(
          'presence',
          { from: 'romeo@example.net', type },
          xml('nick', { xmlns: 'http://jabber.org/protocol/nick' }, 'R'),
        ),
      );
      expect(p).toEqual({ kind: 'subscription', from: 'romeo@example.net', type, nick: null });
    }
  });

  it('parses errors', () => {
    const stanza = parseXml(`<presence xmlns='jabber:client' from='romeo@example.net' type='error'>
      <error type='cancel'><remote-server-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></presence>`)!;
    expect(parsePresence(stanza)).toEqual({
      kind: 'error',
      from: 'romeo@example.net',
      condition: 'remote-server-not-found',
      text: null,
    });
  });

  it('returns null for probes, unknown types, missing or invalid from, and non-presences', () => {
    expect(parsePresence(xml('presence', { from: 'a@b', type: 'probe' }))).toBeNull();
    expect(parsePresence(xml('presence', { from: 'a@b', type: 'invisible' }))).toBeNull();
    expect(parsePresence(xml('presence', {}))).toBeNull();
    expect(parsePresence(xml('presence', { from: 'a@b@c' }))).toBeNull();
    expect(parsePresence(xml('message', { from: 'a@b' }))).toBeNull();
  });
});

describe('building presence', () => {
  it('builds our availability', () => {
    expect(buildOwnPresence({ show: 'available', status: '' }).toString()).toBe('<presence/>');
    expect(buildOwnPresence({ show: 'away', status: 'Lunch', priority: 5 }).toString()).toBe(
      '<presence><show>away</show><status>Lunch</status><priority>5</priority></presence>',
    );
    expect(buildOwnPresence({ show: 'offline', status: 'Bye' }).toString()).toBe(
      '<presence type="unavailable"><status>Bye</status></presence>',
    );
    expect(buildOwnPresence({ show: 'chat', priority: 500 }).getChildText('priority')).toBe('127');
  });

  it('includes caps and round-trips through parsePresence', () => {
    const built = buildOwnPresence({
      show: 'xa',
      status: 'Away for long',
      priority: -1,
      caps: buildCaps(),
    });
    built.attrs.from = 'juliet@example.com/balcony';
    expect(parsePresence(built)).toMatchObject({
      show: 'xa',
      status: 'Away for long',
      priority: -1,
      caps: { hash: 'sha-1', node: 'https://parley.invalid' },
    });
  });

  it('builds subscriptions to the bare JID, nick only on subscribe', () => {
    expect(buildSubscription('Romeo@Example.net/orchard', 'subscribe', 'Juliet').toString()).toBe(
      '<presence to="romeo@example.net" type="subscribe"><nick xmlns="http://jabber.org/protocol/nick">Juliet</nick></presence>',
    );
    expect(buildSubscription('romeo@example.net', 'subscribed', 'Juliet').toString()).toBe(
      '<presence to="romeo@example.net" type="subscribed"/>',
    );
    const built = buildSubscription('romeo@example.net', 'unsubscribe');
    built.attrs.from = 'juliet@example.com';
    expect(parsePresence(built)).toEqual({
      kind: 'subscription',
      from: 'juliet@example.com',
      type: 'unsubscribe',
      nick: null,
    });
  });
});

describe('bestPresence', () => {
  const r = (resource: string, show: Show, priority: number) => ({ resource, show, priority });

  it('prefers higher priority, then more available', () => {
    expect(bestPresence([r('a', 'away', 1), r('b', 'dnd', 5), r('c', 'chat', 0)])?.resource).toBe(
      'b',
    );
    expect(
      bestPresence([r('a', 'away', 0), r('b', 'available', 0), r('c', 'xa', 0)])?.resource,
    ).toBe('b');
    expect(bestPresence([r('a', 'dnd', 0), r('b', 'xa', 0)])?.resource).toBe('b');
    expect(bestPresence([r('a', 'chat', 0), r('b', 'available', 0)])?.resource).toBe('a');
  });

  it('never lets an offline resource win, keeps the first on ties, null when empty', () => {
    expect(bestPresence([r('a', 'offline', 100), r('b', 'xa', -5)])?.resource).toBe('b');
    expect(bestPresence([r('a', 'away', 1), r('b', 'away', 1)])?.resource).toBe('a');
    expect(bestPresence([])).toBeNull();
  });
});
