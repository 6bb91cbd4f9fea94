import { EventEmitter } from 'node:events';
import type Connection from '@xmpp/connection';
import middlewareFactory from '@xmpp/middleware';
import type { StreamManagement } from '@xmpp/stream-management';
import parse from '@xmpp/xml/lib/parse.js';
import type { Element } from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { StreamTrust } from './stream-trust.js';

/** The gate in front of a middleware that records what got past it. */
function gate() {
  const entity = new EventEmitter() as unknown as Connection;
  const middleware = middlewareFactory({ entity });
  const sm = { inbound: 0, outbound: 0, outbound_q: [] } as unknown as StreamManagement;
  const trust = new StreamTrust();
  const warnings: string[] = [];
  trust.install(
    middleware,
    () => sm,
    (m) => warnings.push(m),
  );
  const passed: Element[] = [];
  middleware.use((ctx, next) => {
    passed.push(ctx.stanza);
    return next();
  });
  const receive = (text: string) => {
    const el = parse(text);
    (entity as unknown as EventEmitter).emit('element', el);
    return el;
  };
  return { trust, sm, passed, warnings, receive };
}

const SM = "xmlns='urn:xmpp:sm:3'";
const EARLY = [
  "<message from='boss@x' type='chat'><body>hi</body></message>",
  "<presence from='boss@x'/>",
  "<iq type='set' id='p'><query xmlns='jabber:iq:roster'/></iq>",
  "<iq type='result' id='r1'/>",
  `<a ${SM} h='99'/>`,
  `<r ${SM}/>`,
  `<failed ${SM} h='99'/>`,
  `<enabled ${SM} id='x' resume='true'/>`,
  `<resumed ${SM} h='99' previd='x'/>`,
];

describe('StreamTrust', () => {
  it('lets nothing through before the secured stream offers bind/resume, with one warning', () => {
    const { passed, warnings, receive, trust } = gate();
    trust.newAttempt(0);
    for (const text of EARLY) receive(text);
    expect(passed).toEqual([]);
    expect(trust.delivering).toBe(false);
    expect(trust.dropped).toBe(EARLY.length);
    expect(warnings).toHaveLength(1);
  });

  it('does not arm on bind/SM features without a login over TLS on this attempt', () => {
    const { passed, receive, trust, sm } = gate();
    trust.newAttempt(0);
    trust.loggedIn(false);
    trust.arm(sm);
    receive(
      "<iq type='result' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>a@x/r</jid></bind></iq>",
    );
    receive(`<failed ${SM} h='9'/>`);
    expect(passed).toEqual([]);
    expect(trust.armed).toBe(false);
  });

  it('once armed, passes only the bind answer until bound, then stanzas', () => {
    const { passed, receive, trust, sm } = gate();
    trust.newAttempt(0);
    trust.loggedIn(true);
    trust.arm(sm);
    receive("<message from='x@y'><body>too early</body></message>");
    receive("<iq type='set' id='p'><query xmlns='jabber:iq:roster'/></iq>");
    receive(
      "<iq type='result' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>a@x/r</jid></bind></iq>",
    );
    expect(trust.delivering).toBe(true);
    receive("<message from='x@y'><body>now</body></message>");
    expect(passed.map((el) => el.attrs.id ?? el.getChildText('body'))).toEqual(['b', 'now']);
  });

  it('a resume carries the count the attempt began with, and <resumed/> opens delivery', () => {
    const { passed, receive, trust, sm } = gate();
    sm.inbound = 7;
    trust.newAttempt(sm.inbound);
    sm.inbound = 10; // counted by something that should not have been counted
    trust.loggedIn(true);
    trust.arm(sm);
    expect(sm.inbound).toBe(7);
    receive(`<resumed ${SM} h='0' previd='x'/>`);
    receive("<message from='x@y'><body>replayed</body></message>");
    expect(passed.map((el) => el.name)).toEqual(['resumed', 'message']);
  });

  it('cuts an ack to what is queued and ignores an unreadable one', () => {
    const { passed, receive, trust, sm } = gate();
    sm.outbound = 3;
    sm.outbound_q.push({ stanza: parse('<message/>'), stamp: '' });
    trust.newAttempt(0);
    trust.loggedIn(true);
    trust.arm(sm);
    receive(`<a ${SM} h='4294967295'/>`);
    receive(`<a ${SM} h='lots'/>`);
    receive(`<a ${SM} h='-1'/>`);
    expect(passed.map((el) => el.attrs.h)).toEqual(['4']);
  });
});
