// Two werift peers in one process, signalled directly (what the Jingle iqs carry between two
// backends): offer, answer, trickled candidates, the bytes, the close, and the failures.
import { createHash, randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { IceCandidate } from '@parley/contract';
import { DataChannelFailed, DataChannelPeer, type DataChannelPeerOptions } from './webrtc-peer.js';

const LOOPBACK = ['127.0.0.1'];
const open: DataChannelPeer[] = [];

afterEach(() => {
  open.splice(0).forEach((p) => p.close());
});

type Trickle = { ufrag: string; candidate: IceCandidate };

function peer(
  role: 'initiator' | 'responder',
  sends: boolean,
  trickled: Trickle[],
  extra: Partial<DataChannelPeerOptions> = {},
): DataChannelPeer {
  const p = new DataChannelPeer({
    role,
    sends,
    iceServers: [],
    hostAddresses: LOOPBACK,
    onCandidate: (ufrag, candidate) => trickled.push({ ufrag, candidate }),
    ...extra,
  });
  open.push(p);
  return p;
}

async function pair(
  senderIs: 'initiator' | 'responder',
  extra: {
    initiator?: Partial<DataChannelPeerOptions>;
    responder?: Partial<DataChannelPeerOptions>;
  } = {},
) {
  const fromA: Trickle[] = [];
  const fromB: Trickle[] = [];
  const a = peer('initiator', senderIs === 'initiator', fromA, extra.initiator);
  const b = peer('responder', senderIs === 'responder', fromB, extra.responder);
  const offer = await a.offer();
  const answer = await b.answer(offer);
  await a.accept(answer);
  for (const t of fromA) await b.addCandidates(t.ufrag, [t.candidate]);
  for (const t of fromB) await a.addCandidates(t.ufrag, [t.candidate]);
  return { a, b, offer, answer };
}

function sha(buf: Buffer): string {
  return createHash('sha256').update(buf).digest('hex');
}

async function readAll(stream: Duplex): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

async function writeAll(stream: Duplex, data: Buffer, piece = 100_000): Promise<void> {
  for (let at = 0; at < data.length; at += piece) {
    if (!stream.write(data.subarray(at, at + piece))) {
      await new Promise((r) => stream.once('drain', r));
    }
  }
  await new Promise<void>((resolve, reject) => {
    stream.once('error', reject);
    stream.end(() => resolve());
  });
}

describe('WebRTC data channel peer (XEP-0343 over werift)', () => {
  it('offers only loopback host candidates and a DTLS fingerprint', async () => {
    const { offer, answer } = await pair('initiator');
    expect(offer.fingerprint).toMatchObject({ hash: 'sha-256', setup: 'actpass' });
    expect(answer.fingerprint?.setup).toMatch(/^(active|passive)$/u);
    expect(offer.candidates.length).toBeGreaterThan(0);
    expect(offer.candidates.every((c) => c.ip === '127.0.0.1')).toBe(true);
    expect(offer.sctpPort).toBe(5000);
  });

  it.each(['initiator', 'responder'] as const)(
    'carries 3 MB intact when the %s sends, and ends the stream on close',
    async (senderIs) => {
      const { a, b } = await pair(senderIs);
      const [sender, receiver] = senderIs === 'initiator' ? [a, b] : [b, a];
      const data = randomBytes(3 * 1024 * 1024 + 17);
      const [out, inn] = await Promise.all([sender.connect(10_000), receiver.connect(10_000)]);
      const [got] = await Promise.all([readAll(inn), writeAll(out, data)]);
      expect(got.length).toBe(data.length);
      expect(sha(got)).toBe(sha(data));
    },
    60_000,
  );

  it('sends no message larger than the receiver’s max-message-size', async () => {
    const { a } = await pair('initiator', { responder: { maxMessageSize: 16_384 } });
    expect(a.messageSize()).toBe(16_384);
  });

  it('fails to connect (no usable candidate) within its deadline', async () => {
    const a = peer('initiator', true, []);
    const b = peer('responder', false, []);
    const offer = await a.offer();
    // The peer names only an address nobody listens on: ICE cannot succeed.
    const dead = offer.candidates.map((c) => ({ ...c, port: 9 }));
    const answer = await b.answer({ ...offer, candidates: dead });
    await a.accept({ ...answer, candidates: answer.candidates.map((c) => ({ ...c, port: 9 })) });
    const started = Date.now();
    await expect(a.connect(1500)).rejects.toBeInstanceOf(DataChannelFailed);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('drops candidates werift cannot use and bounds how many it takes', async () => {
    const a = peer('initiator', true, []);
    const offer = await a.offer();
    const b = peer('responder', false, []);
    const mdns = { ...offer.candidates[0]!, ip: 'f81d4fae-7dec-11d0-a765-00a0c91e6bf6.local' };
    const tcp = { ...offer.candidates[0]!, protocol: 'tcp' as const };
    const answer = await b.answer({ ...offer, candidates: [mdns, tcp] });
    expect(answer.candidates.length).toBeGreaterThan(0);
    const many = Array.from({ length: 200 }, (_, i) => ({
      ...offer.candidates[0]!,
      port: 20_000 + i,
    }));
    await b.addCandidates(offer.ufrag, many);
    expect(b.remoteCandidateCount()).toBeLessThanOrEqual(64);
    // Another generation's candidates are not taken at all.
    await b.addCandidates('zzzz', many);
    expect(b.remoteCandidateCount()).toBeLessThanOrEqual(64);
  });

  it('fails the receiver’s stream when the connection dies mid-file', async () => {
    const { a, b } = await pair('initiator');
    const [out, inn] = await Promise.all([a.connect(10_000), b.connect(10_000)]);
    out.on('error', () => {});
    out.write(randomBytes(64 * 1024));
    a.close();
    // The receiver's stream fails: a connection that ends is no end of file.
    await expect(readAll(inn)).rejects.toThrow('the connection ended mid-file');
  }, 30_000);
});
