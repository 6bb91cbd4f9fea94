import { describe, expect, it } from 'vitest';
import { connect, makeDevice, receive, send } from '../test-support/legacy-pair.js';
import { MalformedWireMessage, readPreKeyWhisperHeader, readWhisperHeader } from './wire.js';

describe('wire headers', () => {
  it('reads counter and ratchet key from the messages libsignal makes', async () => {
    const a = await makeDevice('alice@example.org');
    const b = await makeDevice('bob@example.org');
    await connect(a, b);
    const first = await send(a, b, 'one');
    const pre = readPreKeyWhisperHeader(first.keys[0]!.data);
    expect(pre.identityKey).toEqual((await a.account.bundle()).identityKey);
    expect(pre.message.counter).toBe(0);
    expect(pre.preKeyId).toBeDefined();
    await receive(b, a, first);
    const reply = await send(b, a, 'two');
    await receive(a, b, reply);
    const m1 = readWhisperHeader((await send(a, b, 'three')).keys[0]!.data);
    const m2 = readWhisperHeader((await send(a, b, 'four')).keys[0]!.data);
    expect(m1.ratchetKey).toHaveLength(33);
    expect(m2.ratchetKey).toEqual(m1.ratchetKey);
    expect(m2.counter).toBe(m1.counter + 1);
  });

  it('refuses truncated or foreign bytes with a clear error', () => {
    expect(() =>
      readWhisperHeader(new Uint8Array([0x33, 0x0a, 0x40, 1, 2, 3, 4, 5, 6, 7, 8])),
    ).toThrow(MalformedWireMessage);
    expect(() => readWhisperHeader(new Uint8Array([0x22]))).toThrow(MalformedWireMessage);
    expect(() =>
      readPreKeyWhisperHeader(new Uint8Array([0x33, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])),
    ).toThrow(MalformedWireMessage);
    expect(() => readPreKeyWhisperHeader(new Uint8Array())).toThrow(MalformedWireMessage);
  });
});
