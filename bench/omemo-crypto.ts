/**
 * OMEMO at the crypto level, both versions, through the real packages/omemo facades (legacy
 * LegacyOmemoAccount on in-memory storage, OMEMO 2's functions with serialized session records):
 * - decrypt throughput: N messages from one sender, the first a prekey message, then runs of
 *   `run` messages with a reply (a direction change, so a DH ratchet step) between runs; only the
 *   receiver's decrypt + state write is timed, against parsing the same messages' plaintext
 *   stanzas in the same run. Target (issue 10): the catch-up ≥ 500 msg/s; this is the crypto
 *   share only, the end-to-end figure comes once decryption is in the pipeline;
 * - session record size after 1,000 round trips (2,000 messages, each a direction change; as
 *   OMEMO.md §2.2 #7 counted them; target < 16 KB), against the unpatched library without
 *   Parley's prune;
 * - encrypt for 1, 5 and 20 devices, per message, against building the plaintext stanza.
 *   pnpm tsx bench/omemo-crypto.ts [messages] [run]   (run 0: one way after the first reply)
 */
import { parseXml, xml } from '@parley/xmpp';
import {
  acceptAll,
  connect,
  makeDevice,
  receive,
  text,
  type TestDevice,
} from '../packages/omemo/src/test-support/legacy-pair.js';
import { makeTestDevice } from '../packages/omemo/src/test-support/v2-device.js';
import { unprunedRecordGrowth } from '../packages/omemo/src/test-support/unpruned-libsignal.js';
import type { LegacyEncrypted } from '../packages/omemo/src/legacy/message.js';
import * as v2 from '../packages/omemo/src/v2/index.js';
import { median, table } from './lib/figures.js';
import { size, verdict } from './lib/smoke.js';

const MESSAGES = Number(process.argv[2] ?? size(10_000, 200));
const RUN = Number(process.argv[3] ?? 20);
const ROUND_TRIPS = size(1_000, 10);
const ENCRYPT_MESSAGES = size(200, 3);
const DEVICE_COUNTS = size([1, 5, 20], [1, 3]);
const DECRYPT_TARGET = 500; // msg/s, issue 10
const RECORD_TARGET = 16 * 1024;
const ALICE = 'alice@example.org';
const BOB = 'bob@example.org';

const messageText = (i: number) =>
  `message ${i}: ${'the quick brown fox jumps over the lazy dog '.repeat(1 + (i % 4))}`.trim();
const bytesOf = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

/** Wall and CPU time of the timed calls only. */
class Meter {
  readonly samples: number[] = [];
  cpuMicros = 0;
  async time<T>(fn: () => Promise<T> | T): Promise<T> {
    const cpu = process.cpuUsage();
    const start = performance.now();
    const result = await fn();
    this.samples.push(performance.now() - start);
    const used = process.cpuUsage(cpu);
    this.cpuMicros += used.user + used.system;
    return result;
  }
  get wallMs() {
    return this.samples.reduce((a, b) => a + b, 0);
  }
  percentile(p: number) {
    const sorted = [...this.samples].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  }
}

/** One sender (Alice) and the receiver whose decryption is measured (Bob). */
interface Conversation<M> {
  aliceSends(body: string): Promise<M>;
  bobReceives(message: M): Promise<string | null>;
  bobSends(body: string): Promise<M>;
  aliceReceives(message: M): Promise<string | null>;
  /** The larger stored session record of the two, in bytes. */
  recordBytes(): number;
}

async function legacyConversation(): Promise<Conversation<LegacyEncrypted>> {
  const alice = await makeDevice(ALICE);
  const bob = await makeDevice(BOB);
  await connect(alice, bob);
  const sendFrom = async (from: TestDevice, to: TestDevice, body: string) => {
    const out = await from.account.encrypt(body, [to.address]);
    await from.storage.commit(out.writes);
    return out.result.encrypted;
  };
  const records = (d: TestDevice) => [...d.storage.sessions.values()];
  return {
    aliceSends: (body) => sendFrom(alice, bob, body),
    bobSends: (body) => sendFrom(bob, alice, body),
    bobReceives: async (m) => text((await receive(bob, alice, m)).result.plaintext),
    aliceReceives: async (m) => text((await receive(alice, bob, m)).result.plaintext),
    recordBytes: () =>
      Math.max(...[...records(alice), ...records(bob)].map((r) => Buffer.byteLength(r))),
  };
}

function envelope(from: string, to: string, body: string): Uint8Array {
  const content = [xml('body', { xmlns: 'jabber:client' }, body)];
  return bytesOf(v2.buildEnvelope({ content, from, to }));
}

function v2Conversation(): Conversation<v2.EncryptedMessageV2> {
  const alice = makeTestDevice(ALICE, 1001);
  const bob = makeTestDevice(BOB, 2002);
  // Sessions live as the store would keep them: serialized, parsed back for every message.
  const stored = new Map<string, string>([
    [ALICE, v2.serializeSession(v2.startSession(alice.own, bob.bundle))],
  ]);
  const sendFrom = (from: typeof alice, to: typeof bob, body: string) => {
    const out = v2.encrypt(from.own, envelope(from.own.jid, to.own.jid, body), [
      {
        jid: to.own.jid,
        deviceId: to.own.deviceId,
        session: v2.parseSession(stored.get(from.own.jid)!),
      },
    ]);
    stored.set(from.own.jid, v2.serializeSession(out.sessions[0]!.session));
    return Promise.resolve(out.message);
  };
  const receiveAt = (to: typeof alice, from: typeof bob, message: v2.EncryptedMessageV2) => {
    const before = stored.get(to.own.jid);
    const got = v2.decryptEnvelope(to.own, {
      senderJid: from.own.jid,
      stanzaTo: to.own.jid,
      message,
      session: before === undefined ? null : v2.parseSession(before),
      preKeys: to.lookup,
    });
    stored.set(to.own.jid, v2.serializeSession(got.session));
    return Promise.resolve(got.envelope?.content[0]?.getText() ?? null);
  };
  return {
    aliceSends: (body) => sendFrom(alice, bob, body),
    bobSends: (body) => sendFrom(bob, alice, body),
    bobReceives: (m) => receiveAt(bob, alice, m),
    aliceReceives: (m) => receiveAt(alice, bob, m),
    recordBytes: () => Math.max(...[...stored.values()].map((r) => Buffer.byteLength(r))),
  };
}

// Method signatures are bivariant: each version's own message type erases to unknown here.
const VERSIONS: { name: string; conversation: () => Promise<Conversation<unknown>> }[] = [
  { name: 'legacy', conversation: legacyConversation },
  { name: 'OMEMO 2', conversation: () => Promise.resolve(v2Conversation()) },
];

function expect(got: string | null, sent: string, where: string): void {
  if (got !== sent) throw new Error(`${where}: decrypted ${JSON.stringify(got)}, sent ${sent}`);
}

async function decryptThroughput<M>(conversation: Conversation<M>, run: number): Promise<Meter> {
  const meter = new Meter();
  let replies = 0;
  for (let i = 0; i < MESSAGES; i++) {
    const body = messageText(i);
    const message = await conversation.aliceSends(body);
    expect(await meter.time(() => conversation.bobReceives(message)), body, `message ${i}`);
    // The first reply ends the prekey phase; then one every `run` messages (0: none).
    if (i + 1 < MESSAGES && (i === 0 || (run > 0 && (i + 1) % run === 0))) {
      const reply = `reply ${replies++}`;
      expect(await conversation.aliceReceives(await conversation.bobSends(reply)), reply, 'reply');
    }
  }
  return meter;
}

function plaintextParse(): number {
  const stanzas = Array.from({ length: MESSAGES }, (_, i) =>
    xml(
      'message',
      {
        xmlns: 'jabber:client',
        from: `${ALICE}/phone`,
        to: `${BOB}/parley`,
        type: 'chat',
        id: `m${i}`,
      },
      xml('body', {}, messageText(i)),
      xml('origin-id', { xmlns: 'urn:xmpp:sid:0', id: `o${i}` }),
      xml('active', { xmlns: 'http://jabber.org/protocol/chatstates' }),
    ).toString(),
  );
  const rounds = Array.from({ length: 3 }, () => {
    const start = performance.now();
    for (const s of stanzas) if (parseXml(s) === null) throw new Error('baseline parse failed');
    return performance.now() - start;
  });
  return MESSAGES / (median(rounds) / 1000);
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en', { maximumFractionDigits: digits });
const perSec = (count: number, ms: number) => count / (ms / 1000);

console.log(
  `omemo-crypto: ${fmt(MESSAGES)} messages from one sender (first a prekey message), ` +
    `reply every ${RUN || '— (one way)'}; ${fmt(ROUND_TRIPS)} round trips; ` +
    `encrypt ${ENCRYPT_MESSAGES} messages for ${DEVICE_COUNTS.join('/')} devices`,
);

// Decrypt throughput.
const parseRate = plaintextParse();
const decryptRows: Record<string, string | number>[] = [];
const verdicts: string[] = [];
for (const version of VERSIONS) {
  for (const run of [...new Set([RUN, 0])]) {
    const meter = await decryptThroughput(await version.conversation(), run);
    const wallRate = perSec(MESSAGES, meter.wallMs);
    decryptRows.push({
      version: version.name,
      replies: run ? `every ${run}` : 'first only',
      'msg/s (wall)': fmt(wallRate),
      'msg/s (CPU)': fmt(perSec(MESSAGES, meter.cpuMicros / 1000)),
      'p50 ms': fmt(meter.percentile(0.5), 3),
      'p99 ms': fmt(meter.percentile(0.99), 3),
      'max ms': fmt(Math.max(...meter.samples), 1),
      'plaintext parse msg/s': fmt(parseRate),
      'parse / decrypt': `${fmt(parseRate / wallRate, 1)}×`,
    });
    verdicts.push(
      `${version.name} decrypt, replies ${run ? `every ${run}` : 'first only'}: ` +
        `${fmt(wallRate)} msg/s, target ≥ ${DECRYPT_TARGET} msg/s (crypto share only): ` +
        verdict(wallRate >= DECRYPT_TARGET),
    );
  }
}
table(decryptRows);

// Session record size after many direction changes.
const sizeRows: Record<string, string | number>[] = [];
for (const version of VERSIONS) {
  const conversation = await version.conversation();
  for (let i = 0; i < 2 * ROUND_TRIPS; i++) {
    const body = messageText(i);
    const [send, receive] =
      i % 2 === 0
        ? [conversation.aliceSends, conversation.bobReceives]
        : [conversation.bobSends, conversation.aliceReceives];
    expect(await receive(await send(body)), body, `direction change ${i}`);
  }
  const bytes = conversation.recordBytes();
  sizeRows.push({
    record: `${version.name} (Parley)`,
    bytes: fmt(bytes),
    KB: fmt(bytes / 1024, 1),
  });
  verdicts.push(
    `${version.name} record after ${fmt(ROUND_TRIPS)} round trips: ` +
      `${fmt(bytes / 1024, 1)} KB, target < 16 KB: ${verdict(bytes < RECORD_TARGET)}`,
  );
}
const unpruned = await unprunedRecordGrowth(2 * ROUND_TRIPS);
sizeRows.push({
  record: `legacy, library unpatched (${fmt(unpruned.chains)} chains)`,
  bytes: fmt(unpruned.recordBytes),
  KB: fmt(unpruned.recordBytes / 1024, 1),
});
table(sizeRows);

// Encrypt for N devices.
async function legacyEncrypt(devices: number): Promise<Meter> {
  const alice = await makeDevice(ALICE);
  const bobs: TestDevice[] = [];
  for (let k = 0; k < devices; k++) bobs.push(await makeDevice(BOB));
  for (const bob of bobs) await connect(alice, bob);
  const send = async (body: string) => {
    const out = await alice.account.encrypt(
      body,
      bobs.map((b) => b.address),
    );
    if (out.result.failures.length) throw new Error('legacy encrypt left devices out');
    await alice.storage.commit(out.writes);
    return out.result.encrypted;
  };
  // Every device answers once, so the sessions are past the prekey phase.
  const first = await send('hello');
  for (const bob of bobs) {
    await receive(bob, alice, first);
    const answer = await bob.account.encrypt('hi', [alice.address]);
    await bob.storage.commit(answer.writes);
    await alice.storage.commit(
      (await alice.account.decrypt(BOB, answer.result.encrypted, acceptAll)).writes,
    );
  }
  const meter = new Meter();
  for (let i = 0; i < ENCRYPT_MESSAGES; i++) await meter.time(() => send(messageText(i)));
  return meter;
}

function v2Encrypt(devices: number): Promise<Meter> {
  const alice = makeTestDevice(ALICE, 1001);
  const bobs = Array.from({ length: devices }, (_, k) => makeTestDevice(BOB, 2000 + k));
  const stored = new Map<number, string>(
    bobs.map((b) => [b.own.deviceId, v2.serializeSession(v2.startSession(alice.own, b.bundle))]),
  );
  const send = (body: string) => {
    const out = v2.encrypt(
      alice.own,
      envelope(ALICE, BOB, body),
      bobs.map((b) => ({
        jid: BOB,
        deviceId: b.own.deviceId,
        session: v2.parseSession(stored.get(b.own.deviceId)!),
      })),
    );
    for (const s of out.sessions) stored.set(s.deviceId, v2.serializeSession(s.session));
    return out.message;
  };
  // Every device answers once, so Alice's sessions are confirmed (no key exchange wrapped).
  const first = send('hello');
  for (const bob of bobs) {
    const got = v2.decrypt(bob.own, {
      senderJid: ALICE,
      message: first,
      session: null,
      preKeys: bob.lookup,
    });
    const answer = v2.encrypt(bob.own, null, [
      { jid: ALICE, deviceId: 1001, session: got.session },
    ]);
    const back = v2.decrypt(alice.own, {
      senderJid: BOB,
      message: answer.message,
      session: v2.parseSession(stored.get(bob.own.deviceId)!),
      preKeys: alice.lookup,
    });
    stored.set(bob.own.deviceId, v2.serializeSession(back.session));
  }
  const meter = new Meter();
  return (async () => {
    for (let i = 0; i < ENCRYPT_MESSAGES; i++) await meter.time(() => send(messageText(i)));
    return meter;
  })();
}

const buildMeter = new Meter();
for (let i = 0; i < ENCRYPT_MESSAGES * 10; i++) {
  await buildMeter.time(() =>
    xml(
      'message',
      { to: BOB, type: 'chat', id: `m${i}` },
      xml('body', {}, messageText(i)),
    ).toString(),
  );
}
const encryptRows: Record<string, string | number>[] = [];
for (const devices of DEVICE_COUNTS) {
  for (const [name, run] of [
    ['legacy', legacyEncrypt],
    ['OMEMO 2', v2Encrypt],
  ] as const) {
    const meter = await run(devices);
    const perMessage = median(meter.samples);
    encryptRows.push({
      version: name,
      devices,
      'ms / message (median)': fmt(perMessage, 3),
      'ms / device': fmt(perMessage / devices, 3),
      'p99 ms': fmt(meter.percentile(0.99), 3),
      'plaintext stanza build ms': fmt(median(buildMeter.samples), 4),
    });
  }
}
table(encryptRows);
for (const line of verdicts) console.log(line);
