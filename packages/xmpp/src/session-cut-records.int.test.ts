import xml, { type Element } from '@xmpp/xml';
import { expect, it } from 'vitest';
import type { OnlineInfo, Session } from './index.js';
import { sessionFixture } from './test-support/sessions.js';

const fixture = sessionFixture();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const nextOnline = (s: Session) => new Promise<OnlineInfo>((resolve) => s.once('online', resolve));

/**
 * A relay editor for the client's bytes: once armed, it lets through only the next `records`
 * whole TLS records and swallows the rest, as a connection cut between two records would.
 * (A record is decrypted whole or not at all, so this is exactly what a cut can leave the
 * server with.)
 */
function recordGate(records: number) {
  let armed = false;
  let passed = 0;
  let pending = Buffer.alloc(0);
  const editor = (chunk: Buffer): Buffer => {
    if (!armed) return chunk;
    pending = Buffer.concat([pending, chunk]);
    const out: Buffer[] = [];
    // A TLS record: type (1 byte), version (2), length (2), then `length` bytes.
    while (pending.length >= 5 && passed < records) {
      const size = 5 + pending.readUInt16BE(3);
      if (pending.length < size) break;
      out.push(pending.subarray(0, size));
      pending = pending.subarray(size);
      passed++;
    }
    if (passed >= records) pending = Buffer.alloc(0);
    return Buffer.concat(out);
  };
  return {
    editor,
    arm: () => void (armed = true),
    get passed() {
      return passed;
    },
  };
}

it('a cut between two TLS records of a burst loses nothing once the session resumes (Prosody parses the resumed stream where the old one stopped)', async () => {
  const gate = recordGate(2);
  let first = true;
  fixture.proxy.rewrite('to-server', () => {
    const editor = first ? gate.editor : (chunk: Buffer) => chunk;
    first = false;
    return editor;
  });
  const alice = fixture.open('alice', 'a', { port: fixture.proxy.port });
  const bob = fixture.open('bob', 'b');
  try {
    await Promise.all([alice.start(), bob.start()]);
  } finally {
    fixture.proxy.rewrite('to-server', null);
  }
  const atBob: string[] = [];
  bob.on('stanza', (el: Element) => {
    const body = el.name === 'message' ? el.getChildText('body') : null;
    if (body) atBob.push(body);
  });
  await sleep(300); // nothing of the login left in flight

  // 120 messages of about 330 bytes at once: about 40 KB, more than two 16 KiB records.
  const padding = 'x'.repeat(250);
  const sent = Array.from({ length: 120 }, (_, i) => `m${i} ${padding}`);
  gate.arm();
  const outcomes = sent.map((body) =>
    alice
      .sendTracked(
        xml(
          'message',
          { to: 'bob@localhost/desk', type: 'chat', id: body.slice(0, 5) },
          xml('body', {}, body),
        ),
      )
      .then(
        () => 'acked',
        () => 'lost',
      ),
  );
  const until = Date.now() + 5_000;
  while (gate.passed < 2 && Date.now() < until) await sleep(10);
  expect(gate.passed).toBe(2);
  await sleep(100);
  const resumed = nextOnline(alice);
  fixture.proxy.cut();
  expect(await resumed).toMatchObject({ resumed: true });
  const after = alice.sendTracked(
    xml(
      'message',
      { to: 'bob@localhost/desk', type: 'chat', id: 'after' },
      xml('body', {}, 'after'),
    ),
  );

  const expected = [...sent, 'after'];
  const deadline = Date.now() + 8_000;
  while (atBob.length < expected.length && Date.now() < deadline) await sleep(20);
  await sleep(200); // duplicates would arrive now
  expect(atBob.map((b) => b.split(' ')[0])).toEqual(expected.map((b) => b.split(' ')[0]));
  await after;
  expect(await Promise.all(outcomes)).toEqual(sent.map(() => 'acked'));
}, 30_000);

it('a stanza whose write completes only after the link dropped is reported lost, not left waiting for an ack that cannot come', async () => {
  const alice = fixture.open('alice', 'a');
  await alice.start();
  const outcome = alice
    .sendTracked(
      xml(
        'message',
        { to: 'bob@localhost/desk', type: 'chat', id: 'late' },
        xml('body', {}, 'late'),
      ),
    )
    .then(
      () => 'acked',
      (err: { code?: string }) => err.code ?? 'error',
    );
  // The write is under way (a TLS write completes on a later turn of the event loop). The
  // link drops meanwhile: what the 'disconnect' status does to stream management.
  const { sm } = (alice as unknown as { stack: { sm: { enabled: boolean; enableSent: boolean } } })
    .stack;
  sm.enabled = false;
  sm.enableSent = false;
  const timeout = sleep(3_000).then(() => 'still waiting');
  expect(await Promise.race([outcome, timeout])).toBe('session-lost');
});

it('asks for acks while stanzas go out steadily, not only once sending pauses', async () => {
  const alice = fixture.open('alice', 'a');
  await alice.start();
  let acked = 0;
  let ackedWhileSending = 0;
  for (let i = 0; i < 60; i++) {
    const el = xml(
      'message',
      { to: 'bob@localhost/desk', type: 'chat', id: `s${i}` },
      xml('body', {}, `s${i}`),
    );
    alice.sendTracked(el).then(
      () => acked++,
      () => {},
    );
    await sleep(20); // closer together than @xmpp's 100 ms ack-request debounce
  }
  ackedWhileSending = acked;
  // Before, the first <r/> went only after the last stanza: nothing was confirmed meanwhile.
  expect(ackedWhileSending).toBeGreaterThan(0);
  const until = Date.now() + 5_000;
  while (acked < 60 && Date.now() < until) await sleep(20);
  expect(acked).toBe(60);
});

it('gives up a resumed session that does not answer (the server still holds half a stanza of the old connection) and sends on a fresh one', async () => {
  const alice = fixture.open('alice', 'a', {
    port: fixture.proxy.port,
    timeouts: { answerMs: 1_500 },
  });
  const bob = fixture.open('bob', 'b');
  await Promise.all([alice.start(), bob.start()]);
  const atBob: string[] = [];
  bob.on('stanza', (el: Element) => {
    const body = el.name === 'message' ? el.getChildText('body') : null;
    if (body) atBob.push(body);
  });
  const onlines: boolean[] = [];
  alice.on('online', ({ resumed }) => onlines.push(resumed));
  // What a cut can leave on the server: the first part of a stanza, the rest never read.
  const socket = (alice as unknown as { socket: { write(s: string, cb: () => void): void } })
    .socket;
  socket.write(`<message to='bob@localhost/desk' type='chat' id='half'><body>half`, () => {});
  await sleep(300);
  const resumed = nextOnline(alice);
  fixture.proxy.cut();
  expect(await resumed).toMatchObject({ resumed: true });
  const after = alice
    .sendTracked(
      xml(
        'message',
        { to: 'bob@localhost/desk', type: 'chat', id: 'after' },
        xml('body', {}, 'after'),
      ),
    )
    .then(
      () => 'acked',
      () => 'lost',
    );
  // Lost with the given-up session; the caller (an outbox) sends it again on the fresh one.
  expect(await Promise.race([after, sleep(6_000).then(() => 'still waiting')])).toBe('lost');
  await until(() => onlines.length >= 2, 8_000);
  expect(onlines).toEqual([true, false]);
  await alice.sendTracked(
    xml(
      'message',
      { to: 'bob@localhost/desk', type: 'chat', id: 'again' },
      xml('body', {}, 'again'),
    ),
  );
  await until(() => atBob.includes('again'), 5_000);
  expect(atBob).toEqual(['again']);
});

async function until(cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await sleep(20);
}
