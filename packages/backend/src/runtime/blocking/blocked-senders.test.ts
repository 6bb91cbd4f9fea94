import { MAX_BLOCKED } from '@parley/contract';
import { jid, openMessage, parseXml, type Element } from '@parley/xmpp';
import { describe, expect, it } from 'vitest';
import { refusesMessage, refusesStanza } from './blocked-senders.js';
import { Blocklist } from './blocklist.js';

const own = jid('alice@example.org');
const stanza = (text: string): Element => parseXml(text)!;

function listOf(...jids: string[]): Blocklist {
  const list = new Blocklist();
  list.replace(jids);
  return list;
}

describe('the client-side drop of blocked senders', () => {
  const list = listOf('bob@example.net', 'spam.example', 'example.org', 'alice@example.org');

  it('drops messages, presences and requests from a blocked address, a resource or a domain', () => {
    const dropped = [
      `<message from='bob@example.net/phone' type='chat'><body>hi</body></message>`,
      `<message from='bob@example.net'><body>normal</body></message>`,
      `<presence from='bob@example.net/phone'/>`,
      `<presence from='bob@example.net' type='subscribe'/>`,
      `<iq from='anyone@spam.example/x' type='get' id='1'><query xmlns='jabber:iq:version'/></iq>`,
      `<message from='room@spam.example/nick' type='groupchat'><body>x</body></message>`,
    ];
    for (const text of dropped) expect(refusesStanza(list, own, stanza(text))).toBe(true);
  });

  it('keeps bounces of what we sent, answers to our requests, our own account and server', () => {
    const kept = [
      // The server's "you blocked this JID" bounce names the blocked address as sender.
      `<message from='bob@example.net' type='error' id='m1'><error type='cancel'/></message>`,
      `<iq from='bob@example.net/phone' type='result' id='2'/>`,
      `<message from='carol@example.net/x' type='chat'><body>hi</body></message>`,
      // Even with our own account and server on the list (the server would not apply it).
      `<iq from='alice@example.org' type='set' id='3'><query xmlns='jabber:iq:roster'/></iq>`,
      `<message from='example.org'><body>server notice</body></message>`,
      `<message type='chat'><body>no from: our own account</body></message>`,
      `<message from='not a jid' type='chat'><body>?</body></message>`,
    ];
    for (const text of kept) expect(refusesStanza(list, own, stanza(text))).toBe(false);
    expect(refusesStanza(new Blocklist(), own, stanza(`<presence from='bob@example.net'/>`))).toBe(
      false,
    );
  });

  it('drops a blocked sender’s message unwrapped from a carbon, keeps ours to them', () => {
    const carbon = (direction: 'received' | 'sent', from: string, to: string) =>
      stanza(`<message from='alice@example.org' to='alice@example.org/parley'>
        <${direction} xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>
        <message xmlns='jabber:client' from='${from}' to='${to}' type='chat'><body>x</body></message>
        </forwarded></${direction}></message>`);
    const received = openMessage(carbon('received', 'bob@example.net/p', 'alice@example.org/o'), {
      own,
    });
    expect(received.envelope?.origin.kind).toBe('carbon');
    expect(refusesMessage(list, own, received)).toBe(true);
    const ours = openMessage(carbon('sent', 'alice@example.org/o', 'bob@example.net'), { own });
    expect(refusesMessage(list, own, ours)).toBe(false);
    const other = openMessage(carbon('received', 'carol@example.net/p', 'alice@example.org'), {
      own,
    });
    expect(refusesMessage(list, own, other)).toBe(false);
  });
});

describe('the blocklist', () => {
  it('is bounded: a longer list from the server is cut, and further blocks are refused', () => {
    const list = new Blocklist();
    list.replace(Array.from({ length: MAX_BLOCKED + 10 }, (_, i) => `u${i}@spam.example`));
    expect(list.size).toBe(MAX_BLOCKED);
    expect(list.add(['one.more@example.net'])).toBe(false);
    expect(list.size).toBe(MAX_BLOCKED);
    list.remove(['u0@spam.example']);
    expect(list.add(['one.more@example.net'])).toBe(true);
    expect(list.blocksText('one.more@example.net/x')).toBe(true);
  });
});
