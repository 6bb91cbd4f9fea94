import type { BlocklistState } from '@parley/contract';
import { SessionError, parseJid, parseXml, type Element, type Session } from '@parley/xmpp';
import { afterEach, describe, expect, it } from 'vitest';
import { newAccount, openTempStore, type TempStore } from '../../../../store/src/test-support.js';
import { EventBus } from '../../event-bus.js';
import { testScope } from '../../test-support/scope.js';
import { BlockingService } from './blocking-service.js';

const OWN = 'a1@example.org';
let temp: TempStore | null = null;
afterEach(() => {
  temp?.dispose();
  temp = null;
});

/** A session that records what is sent and answers iqs with `answer`. */
function fakeSession(answer: (iq: Element) => Element | Error) {
  const sent: Element[] = [];
  const session = {
    domain: 'example.org',
    send: async (el: Element) => void sent.push(el),
    iq: async (iq: Element) => {
      const reply = answer(iq);
      if (reply instanceof Error) throw reply;
      return reply;
    },
  } as unknown as Session;
  return { session, sent };
}

function setup() {
  temp = openTempStore();
  temp.store.accounts.insert(newAccount('a1'));
  const bus = new EventBus(true);
  const states: BlocklistState[] = [];
  bus.subscribe((name, payload) => {
    if (name === 'blocking.changed') states.push(payload as BlocklistState);
  });
  const service = new BlockingService(testScope(temp.store, 'a1', OWN, bus));
  const again = () => new BlockingService(testScope(temp!.store, 'a1', OWN, new EventBus(true)));
  return { service, states, again };
}

const xml = (text: string) => parseXml(text)!;

describe('the blocking service', () => {
  it('applies pushes from our own server and refuses forged ones', () => {
    const { service, states } = setup();
    const { session, sent } = fakeSession(() => new Error('unused'));
    const push = xml(`<iq type='set' id='p1' to='${OWN}/r'>
      <block xmlns='urn:xmpp:blocking'><item jid='bob@example.net'/></block></iq>`);
    expect(service.handlePush(session, push)).toBe(true);
    expect(service.state().jids).toEqual(['bob@example.net']);
    expect(sent.at(-1)?.attrs).toMatchObject({ type: 'result', id: 'p1' });
    expect(states.at(-1)?.jids).toEqual(['bob@example.net']);

    const forged = xml(`<iq type='set' id='p2' from='mallory@evil.example/x'>
      <unblock xmlns='urn:xmpp:blocking'/></iq>`);
    expect(service.handlePush(session, forged)).toBe(true);
    expect(service.state().jids).toEqual(['bob@example.net']);
    expect(sent.at(-1)?.attrs).toMatchObject({ type: 'error', id: 'p2' });
    expect(sent.at(-1)?.getChild('error')?.getChild('forbidden')).toBeTruthy();

    const all = xml(
      `<iq type='set' id='p3' from='${OWN}'><unblock xmlns='urn:xmpp:blocking'/></iq>`,
    );
    service.handlePush(session, all);
    expect(service.state().jids).toEqual([]);
  });

  it('keeps a push that arrives while the list is being fetched', async () => {
    const { service } = setup();
    let pushDuringFetch: (() => void) | null = null;
    const { session } = fakeSession((iq) => {
      if (iq.getChild('blocklist')) {
        pushDuringFetch?.();
        return xml(`<iq type='result'><blocklist xmlns='urn:xmpp:blocking'>
          <item jid='old@example.net'/></blocklist></iq>`);
      }
      return xml(`<iq type='result'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>`);
    });
    pushDuringFetch = () =>
      service.handlePush(
        session,
        xml(
          `<iq type='set' id='p'><block xmlns='urn:xmpp:blocking'><item jid='new@example.net'/></block></iq>`,
        ),
      );
    await service.fetch(session);
    expect(service.state()).toMatchObject({
      jids: ['new@example.net', 'old@example.net'],
      supported: true,
    });
  });

  it('on a server without XEP-0191, blocks on this client only', async () => {
    const { service } = setup();
    const { session, sent } = fakeSession((iq) =>
      iq.getChild('blocklist')
        ? new SessionError('stanza-error', 'feature-not-implemented')
        : new Error('no disco either'),
    );
    await service.fetch(session);
    expect(service.state().supported).toBe(false);
    await service.block(session, [parseJid('bob@example.net')!]);
    expect(service.list.blocksText('bob@example.net/phone')).toBe(true);
    expect(sent).toEqual([]);
  });

  it('keeps the list in the store: shown before login, client-side blocks kept, server part replaced', async () => {
    const { service, again } = setup();
    const unsupported = fakeSession((iq) =>
      iq.getChild('blocklist')
        ? new SessionError('stanza-error', 'feature-not-implemented')
        : new Error('no disco'),
    );
    await service.fetch(unsupported.session);
    await service.block(unsupported.session, [parseJid('pest@example.net')!]);
    service.handlePush(
      unsupported.session,
      xml(`<iq type='set' id='p'><block xmlns='urn:xmpp:blocking'>
        <item jid='old@example.net'/></block></iq>`),
    );

    // A restart: the list is there before any login, the client-side block marked as such.
    const restarted = again();
    expect(restarted.state()).toMatchObject({
      jids: ['old@example.net', 'pest@example.net'],
      local: ['pest@example.net'],
      supported: null,
    });
    expect(restarted.list.blocksText('pest@example.net/phone')).toBe(true);

    // Login on a server with XEP-0191: its list replaces the server part; ours stays.
    const supported = fakeSession((iq) =>
      iq.getChild('blocklist')
        ? xml(`<iq type='result'><blocklist xmlns='urn:xmpp:blocking'>
            <item jid='new@example.net'/></blocklist></iq>`)
        : xml(`<iq type='result'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>`),
    );
    await restarted.fetch(supported.session);
    expect(restarted.state()).toMatchObject({
      jids: ['new@example.net', 'pest@example.net'],
      local: ['pest@example.net'],
    });
    await restarted.unblock(supported.session, [parseJid('pest@example.net')!]);
    expect(again().state().jids).toEqual(['new@example.net']);
  });
});
