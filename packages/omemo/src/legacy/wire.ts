/**
 * Reads the few fields of libsignal's v3 wire messages that the library does not hand back: the
 * sender identity of a PreKeyWhisperMessage (so trust is decided before the library touches any
 * state) and the WhisperMessage ratchet key and counter (the heartbeat rule, counter ≥ 53).
 * Layout: version byte 0x33, protobuf; a WhisperMessage ends in an 8-byte MAC.
 */

export const WHISPER_VERSION = 0x33;
const MAC_BYTES = 8;

export interface WhisperHeader {
  /** 33-byte sender ratchet key. */
  readonly ratchetKey: Uint8Array;
  readonly counter: number;
  readonly previousCounter: number;
}

export interface PreKeyWhisperHeader {
  readonly registrationId: number | undefined;
  readonly preKeyId: number | undefined;
  readonly signedPreKeyId: number;
  readonly baseKey: Uint8Array;
  /** 33-byte sender identity key. */
  readonly identityKey: Uint8Array;
  readonly message: WhisperHeader;
}

export class MalformedWireMessage extends Error {
  override readonly name = 'MalformedWireMessage';
}

type Field = { no: number; value: number | Uint8Array };

function* fields(bytes: Uint8Array): Generator<Field> {
  let i = 0;
  const varint = (): number => {
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      if (i >= bytes.length) throw new MalformedWireMessage('truncated varint');
      const b = bytes[i++]!;
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
    }
    throw new MalformedWireMessage('varint too long');
  };
  while (i < bytes.length) {
    const tag = varint();
    const no = Math.floor(tag / 8);
    const type = tag % 8;
    if (type === 0) yield { no, value: varint() };
    else if (type === 2) {
      const len = varint();
      if (i + len > bytes.length) throw new MalformedWireMessage('truncated field');
      yield { no, value: bytes.subarray(i, i + len) };
      i += len;
    } else throw new MalformedWireMessage(`unsupported protobuf wire type ${type}`);
  }
}

function checkVersion(bytes: Uint8Array): void {
  if (bytes.length < 1 || bytes[0] !== WHISPER_VERSION) {
    throw new MalformedWireMessage('not a libsignal v3 message');
  }
}

const num = (v: number | Uint8Array | undefined): number | undefined =>
  typeof v === 'number' ? v : undefined;
const bin = (v: number | Uint8Array | undefined): Uint8Array | undefined =>
  v instanceof Uint8Array ? v : undefined;

function collect(bytes: Uint8Array): Map<number, number | Uint8Array> {
  const out = new Map<number, number | Uint8Array>();
  for (const f of fields(bytes)) out.set(f.no, f.value);
  return out;
}

export function readWhisperHeader(bytes: Uint8Array): WhisperHeader {
  checkVersion(bytes);
  if (bytes.length < 1 + MAC_BYTES) throw new MalformedWireMessage('message too short');
  const f = collect(bytes.subarray(1, bytes.length - MAC_BYTES));
  const ratchetKey = bin(f.get(1));
  const counter = num(f.get(2));
  if (!ratchetKey || ratchetKey.length !== 33 || counter === undefined) {
    throw new MalformedWireMessage('WhisperMessage without ratchet key or counter');
  }
  return { ratchetKey: Uint8Array.from(ratchetKey), counter, previousCounter: num(f.get(3)) ?? 0 };
}

export function readPreKeyWhisperHeader(bytes: Uint8Array): PreKeyWhisperHeader {
  checkVersion(bytes);
  const f = collect(bytes.subarray(1));
  const baseKey = bin(f.get(2));
  const identityKey = bin(f.get(3));
  const message = bin(f.get(4));
  const signedPreKeyId = num(f.get(6));
  if (!baseKey || !identityKey || identityKey.length !== 33 || !message) {
    throw new MalformedWireMessage('PreKeyWhisperMessage without keys or message');
  }
  if (signedPreKeyId === undefined) throw new MalformedWireMessage('no signed prekey id');
  return {
    registrationId: num(f.get(5)),
    preKeyId: num(f.get(1)),
    signedPreKeyId,
    baseKey: Uint8Array.from(baseKey),
    identityKey: Uint8Array.from(identityKey),
    message: readWhisperHeader(message),
  };
}
