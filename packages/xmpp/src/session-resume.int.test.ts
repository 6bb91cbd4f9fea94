import xml, { type Element } from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import type { OnlineInfo, Session } from './index.js';
import { sessionFixture } from './test-support/sessions.js';

const fixture = sessionFixture();
const open = fixture.open;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const nextOnline = (s: Session) => new Promise<OnlineInfo>((resolve) => s.once('online', resolve));
const chat = (to: string, body: string) =>
  xml('message', { to, type: 'chat', id: body }, xml('body', {}, body));
const bodies = (list: Element[]) =>
  list.map((m) => m.getChildText('body')).filter((b): b is string => b !== null);

/** What a caller with an outbox does: keep each stanza until it is acked, resend on a fresh session. */
function outbox(s: Session) {
  const waiting = new Map<string, Element>();
  /** Refused outright (sent while the link was down): not in the session's resend queue. */
  const refused = new Set<string>();
  const transmit = (body: string) => {
    const el = chat('bob@localhost/desk', body);
    waiting.set(body, el);
    refused.delete(body);
    s.sendTracked(el).then(
      () => waiting.delete(body),
      () => refused.add(body), // stays in the outbox
    );
  };
  // A resumed session resends what it had in flight itself: only the refused ones go again.
  s.on('online', ({ resumed }) => {
    [...waiting.keys()].filter((b) => !resumed || refused.has(b)).forEach(transmit);
  });
  return { transmit, waiting };
}

async function until(cond: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(10);
  }
}

describe('Session reconnect and resume (XEP-0198)', () => {
  it('resumes after the socket is destroyed, delivering stanzas around the cut exactly once', async () => {
    const alice = open('alice', 'a');
    const bob = open('bob', 'b');
    await Promise.all([alice.start(), bob.start()]);
    const atAlice: Element[] = [];
    const atBob: Element[] = [];
    alice.on('stanza', (el) => el.name === 'message' && atAlice.push(el));
    bob.on('stanza', (el) => el.name === 'message' && atBob.push(el));
    const states: string[] = [];
    alice.on('state', (c) => states.push(c.state));
    const box = outbox(alice);

    const resumed = nextOnline(alice);
    const expected: string[] = [];
    for (let i = 0; i < 40; i++) {
      if (i === 20) alice['socket']?.destroy();
      await bob.send(chat('alice@localhost/desk', `b${i}`));
      box.transmit(`a${i}`);
      expected.push(`${i}`);
      await sleep(5);
    }
    expect(await resumed).toEqual({ resumed: true, fullJid: 'alice@localhost/desk' });
    expect(states).toContain('connecting');
    await until(() => atAlice.length >= 40 && atBob.length >= 40 && box.waiting.size === 0);
    await sleep(300); // duplicates would arrive now
    expect(bodies(atAlice).sort()).toEqual(expected.map((i) => `b${i}`).sort());
    expect(bodies(atBob).sort()).toEqual(expected.map((i) => `a${i}`).sort());
  });

  it('counts answers to our own iqs in h, so the server does not replay them on resume', async () => {
    const alice = open('alice', 'a');
    await alice.start();
    for (let i = 0; i < 5; i++)
      await alice.iq(xml('iq', { type: 'get' }, xml('query', { xmlns: 'jabber:iq:roster' })));
    const stray: Element[] = [];
    alice.on('stanza', (el) => el.name === 'iq' && stray.push(el));
    const resumed = nextOnline(alice);
    alice['socket']?.destroy();
    expect((await resumed).resumed).toBe(true);
    await sleep(300);
    expect(stray.map(String)).toEqual([]);
  });

  it('a throwing stanza listener un-acks the stanza; it is redelivered after the resume', async () => {
    const alice = open('alice', 'a');
    const bob = open('bob', 'b');
    await Promise.all([alice.start(), bob.start()]);
    const stored: string[] = [];
    let failOnce = true;
    alice.on('stanza', (el) => {
      const body = el.getChildText('body');
      if (!body) return;
      if (body === 'm2' && failOnce) {
        failOnce = false;
        throw new Error('disk full');
      }
      stored.push(body);
    });
    const resumed = nextOnline(alice);
    for (let i = 0; i < 5; i++) await bob.send(chat('alice@localhost/desk', `m${i}`));
    expect((await resumed).resumed).toBe(true);
    await until(() => stored.length >= 5);
    await sleep(300);
    expect(stored.sort()).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
  });

  it('leaves stanzas still being handled (asynchronously) out of the resume count: they come again', async () => {
    const alice = open('alice', 'a');
    const bob = open('bob', 'b');
    await Promise.all([alice.start(), bob.start()]);
    // What an owner with asynchronous handling (decryption) does: 'slow' is under way, and
    // its handled count, and everything after it, is not settled yet.
    let slowAt: number | null = null;
    const answers: Array<() => void> = [];
    alice.setAckBarrier({
      flush: () => {},
      defer: (answer) => slowAt !== null && answers.push(answer) > 0,
      settled: () => (slowAt === null ? null : slowAt - 1),
    });
    const seen: string[] = [];
    alice.on('stanza', (el) => {
      const body = el.getChildText('body');
      if (!body) return;
      seen.push(body);
      if (body === 'slow' && slowAt === null) slowAt = alice.handledCount;
    });
    for (const body of ['m0', 'slow', 'm2']) await bob.send(chat('alice@localhost/desk', body));
    await until(() => seen.includes('m2'));

    const resumed = nextOnline(alice);
    alice['socket']?.destroy();
    expect((await resumed).resumed).toBe(true);
    // The server had only m0 counted: it hands over 'slow' and m2 again.
    await until(() => seen.filter((b) => b === 'slow').length === 2 && seen.length === 5);
    await sleep(300);
    expect(seen).toEqual(['m0', 'slow', 'm2', 'slow', 'm2']);
    alice.setAckBarrier(null);
  });

  it('detects a silent dead link by keepalive and resumes; a stanza lost in it is resent', async () => {
    const alice = open('alice', 'a', {
      port: fixture.proxy.port,
      timeouts: { idleMs: 300, answerMs: 300 },
    });
    const bob = open('bob', 'b');
    await Promise.all([alice.start(), bob.start()]);
    const atBob: Element[] = [];
    bob.on('stanza', (el) => el.name === 'message' && atBob.push(el));
    const lost = new Promise((resolve) =>
      alice.on('state', (c) => c.state === 'connecting' && resolve(c)),
    );
    const resumed = nextOnline(alice);
    const t0 = Date.now();
    fixture.proxy.blackhole();
    // Written into the void: only the SM queue still has it.
    const acked = alice.sendTracked(chat('bob@localhost/desk', 'into-the-void'));
    await lost;
    const detectedMs = Date.now() - t0;
    expect(detectedMs).toBeGreaterThanOrEqual(250); // the unanswered <r/> after the send
    expect(detectedMs).toBeLessThan(2_000);
    expect((await resumed).resumed).toBe(true);
    expect(await acked).toBe('acked');
    await until(() => atBob.length >= 1);
    await sleep(300);
    expect(bodies(atBob)).toEqual(['into-the-void']);
  });

  it('a resume whose resend fails to write falls back to a fresh session; the stanza arrives once', async () => {
    const alice = open('alice', 'a', {
      port: fixture.proxy.port,
      timeouts: { idleMs: 300, answerMs: 300 },
    });
    const bob = open('bob', 'b');
    await Promise.all([alice.start(), bob.start()]);
    const atBob: Element[] = [];
    bob.on('stanza', (el) => el.name === 'message' && atBob.push(el));
    const onlines: OnlineInfo[] = [];
    alice.on('online', (info) => onlines.push(info));
    // The first resume's resend of the queue fails to write (the link dies again right then):
    // @xmpp has taken the stanza out of its queue, gives the session up and binds afresh, and
    // the fresh session fails every tracked stanza so that its sender sends it again.
    const entity = alice['link'].stack.entity;
    const sendMany = entity.sendMany.bind(entity);
    let failResend = true;
    entity.sendMany = async (elements: Element[]) => {
      if (failResend && elements.length > 0) {
        failResend = false;
        throw new Error('write failed during the resume');
      }
      return sendMany(elements);
    };
    const box = outbox(alice);
    fixture.proxy.blackhole();
    box.transmit('orphan'); // written into the void: only the queue has it
    await until(() => !failResend, 10_000);
    await until(() => onlines.length >= 1, 10_000);
    expect(onlines.map((o) => o.resumed)).toEqual([false]);
    await until(() => atBob.length >= 1, 10_000);
    await sleep(300);
    expect(bodies(atBob)).toEqual(['orphan']);
    expect(box.waiting.size).toBe(0);
  });

  it('starts a fresh session when the old one cannot be resumed; pending tracked sends fail', async () => {
    const alice = open('alice', 'a', {
      reconnect: { minDelayMs: 600, maxDelayMs: 1_000, factor: 1 },
    });
    await alice.start();
    const conflicts: string[] = [];
    const onlines: OnlineInfo[] = [];
    alice.on('online', (i) => onlines.push(i));
    // Cut, then let another client take the resource so that the old session is gone.
    alice['socket']?.destroy();
    const tracked = alice
      .sendTracked(chat('bob@localhost/desk', 'lost'))
      .catch((e: { code: string }) => e.code);
    const other = open('alice', 'a');
    other.on('state', (c) => c.error && conflicts.push(c.error.code));
    await other.start();
    await until(() => onlines.length === 1);
    expect(onlines[0]).toEqual({ resumed: false, fullJid: 'alice@localhost/desk' });
    expect(await tracked).toBe('not-connected');
    // Our fresh bind of the same resource kicked the other client: a conflict, not retried.
    await until(() => conflicts.length > 0);
    expect(conflicts).toEqual(['conflict']);
    await sleep(300);
    expect(other.state).toBe('error');
  });
});
