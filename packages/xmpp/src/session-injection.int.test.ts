import { injectBeforeTls } from '@parley/testkit';
import xml, { type Element } from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import type { OnlineInfo } from './index.js';
import { sessionFixture } from './test-support/sessions.js';

// Someone on the path injects into the plain-text part of a reconnect (before STARTTLS):
// RFC 6120 §5.3.4 / §5.4.3.3 say none of it may be used. Against the real Prosody.

const fixture = sessionFixture({ afterEach: (f) => f.proxy.rewrite('to-client', null) });
const open = fixture.open;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const chat = (to: string, body: string, from?: string) =>
  xml('message', { to, type: 'chat', id: body, ...(from ? { from } : {}) }, xml('body', {}, body));
const bodies = (list: Element[]) =>
  list.map((m) => m.getChildText('body')).filter((b): b is string => b !== null);

async function until(cond: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(20);
  }
}

describe('Session: what is injected before TLS on a reconnect', () => {
  it('neither counts injected stanzas in the resume nor believes an injected <failed h/>', async () => {
    const alice = open('alice', 'a', {
      port: fixture.proxy.port,
      // Long enough for bob's messages to wait in the server's queue for the resume.
      reconnect: { minDelayMs: 800, maxDelayMs: 800, factor: 1 },
    });
    const bob = open('bob', 'b');
    await Promise.all([alice.start(), bob.start()]);
    const atAlice: Element[] = [];
    const atBob: Element[] = [];
    alice.on('stanza', (el) => el.name === 'message' && atAlice.push(el));
    bob.on('stanza', (el) => el.name === 'message' && atBob.push(el));
    const onlines: OnlineInfo[] = [];
    alice.on('online', (i) => onlines.push(i));

    // Alice's message goes into the void: the server never gets it, only her SM queue has it.
    fixture.proxy.blackhole();
    const tracked = alice.sendTracked(chat('bob@localhost/desk', 'unsent'));
    await sleep(100);
    const junk = [1, 2, 3]
      .map((n) => chat('alice@localhost/desk', `junk${n}`, 'bob@localhost/desk').toString())
      .join('');
    fixture.proxy.rewrite(
      'to-client',
      injectBeforeTls(`${junk}<failed xmlns='urn:xmpp:sm:3' h='99'/>`),
    );
    fixture.proxy.cut();
    await sleep(200);
    // Queued by the server for alice's hibernating session, to be replayed on resume.
    for (let i = 0; i < 5; i++) await bob.send(chat('alice@localhost/desk', `b${i}`));

    await until(() => onlines.length === 1);
    expect(onlines[0]?.resumed).toBe(true);
    await until(() => atAlice.length >= 5 && atBob.length >= 1);
    await sleep(300); // duplicates or junk would show now
    expect(bodies(atAlice)).toEqual(['b0', 'b1', 'b2', 'b3', 'b4']);
    expect(await tracked).toBe('acked');
    expect(bodies(atBob)).toEqual(['unsent']);
  });
});
