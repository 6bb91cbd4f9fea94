/**
 * Hand-written protobuf (proto2) for OMEMO 2's three messages, XEP-0384 0.9 §protobuf-schema:
 *
 *   OMEMOMessage              { required uint32 n = 1; required uint32 pn = 2;
 *                               required bytes dh_pub = 3; optional bytes ciphertext = 4; }
 *   OMEMOAuthenticatedMessage { required bytes mac = 1; required bytes message = 2; }
 *   OMEMOKeyExchange          { required uint32 pk_id = 1; required uint32 spk_id = 2;
 *                               required bytes ik = 3; required bytes ek = 4;
 *                               required OMEMOAuthenticatedMessage message = 5; }
 *
 * Encoding writes fields in number order and always writes required fields (even 0), byte for byte
 * what python-twomemo's generated code produces. Decoding is strict: an unknown, repeated or
 * wrongly typed field, a missing required field, a key of the wrong size or an oversized message
 * is refused, since everything here comes from the network.
 */
import { fail } from './errors.js';

export interface OmemoMessage {
  n: number;
  pn: number;
  dhPub: Uint8Array;
  ciphertext?: Uint8Array;
}

export interface OmemoAuthenticatedMessage {
  mac: Uint8Array;
  /** The serialised OMEMOMessage, kept as received: the MAC covers these exact bytes. */
  message: Uint8Array;
}

export interface OmemoKeyExchange {
  pkId: number;
  spkId: number;
  ik: Uint8Array;
  ek: Uint8Array;
  message: OmemoAuthenticatedMessage;
}

export const MAC_LENGTH = 16;
const KEY_LENGTH = 32;
/** Key material is 48 bytes (32 key + 16 tag) → 64 bytes of AES-CBC; 1 KiB leaves room, no more. */
const MAX_CIPHERTEXT = 1024;
const MAX_WIRE = 4096;
const VARINT = 0;
const BYTES = 2;

// ---------- writing

function varint(value: number): number[] {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    fail('malformed', `uint32 out of range: ${value}`);
  }
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return out;
}

class Writer {
  private readonly parts: number[] = [];
  uint32(field: number, value: number): this {
    this.parts.push(...varint((field << 3) | VARINT), ...varint(value));
    return this;
  }
  bytes(field: number, value: Uint8Array): this {
    this.parts.push(...varint((field << 3) | BYTES), ...varint(value.length), ...value);
    return this;
  }
  finish(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

export function encodeOmemoMessage(m: OmemoMessage): Uint8Array {
  const w = new Writer().uint32(1, m.n).uint32(2, m.pn).bytes(3, m.dhPub);
  if (m.ciphertext !== undefined) w.bytes(4, m.ciphertext);
  return w.finish();
}

export function encodeAuthenticatedMessage(m: OmemoAuthenticatedMessage): Uint8Array {
  return new Writer().bytes(1, m.mac).bytes(2, m.message).finish();
}

export function encodeKeyExchange(k: OmemoKeyExchange): Uint8Array {
  return new Writer()
    .uint32(1, k.pkId)
    .uint32(2, k.spkId)
    .bytes(3, k.ik)
    .bytes(4, k.ek)
    .bytes(5, encodeAuthenticatedMessage(k.message))
    .finish();
}

// ---------- reading

type FieldValue = number | Uint8Array;

/** Reads every field once; `spec` maps field number → wire type; anything else is refused. */
function readFields(
  bytes: Uint8Array,
  what: string,
  spec: Record<number, typeof VARINT | typeof BYTES>,
): Map<number, FieldValue> {
  if (bytes.length > MAX_WIRE) fail('malformed', `${what}: ${bytes.length} bytes is too large`);
  const fields = new Map<number, FieldValue>();
  let pos = 0;
  const readVarint = (): number => {
    let result = 0;
    for (let i = 0; i < 5; i++) {
      if (pos >= bytes.length) fail('malformed', `${what}: truncated varint`);
      const b = bytes[pos++]!;
      result += (b & 0x7f) * 2 ** (7 * i);
      if ((b & 0x80) === 0) {
        if (result > 0xffffffff) fail('malformed', `${what}: varint exceeds uint32`);
        return result;
      }
    }
    return fail('malformed', `${what}: varint longer than 5 bytes`);
  };
  while (pos < bytes.length) {
    const tag = readVarint();
    const field = Math.floor(tag / 8);
    const wireType = tag & 7;
    const expected = spec[field];
    if (expected === undefined) fail('malformed', `${what}: unknown field ${field}`);
    if (expected !== wireType)
      fail('malformed', `${what}: field ${field} has wire type ${wireType}`);
    if (fields.has(field)) fail('malformed', `${what}: field ${field} repeated`);
    if (wireType === VARINT) {
      fields.set(field, readVarint());
    } else {
      const length = readVarint();
      if (length > bytes.length - pos)
        fail('malformed', `${what}: field ${field} overruns the message`);
      fields.set(field, bytes.slice(pos, pos + length));
      pos += length;
    }
  }
  return fields;
}

function requireNumber(fields: Map<number, FieldValue>, field: number, what: string): number {
  const v = fields.get(field);
  if (typeof v !== 'number') fail('malformed', `${what}: required field ${field} missing`);
  return v;
}

function requireBytes(
  fields: Map<number, FieldValue>,
  field: number,
  what: string,
  length?: number,
): Uint8Array {
  const v = fields.get(field);
  if (!(v instanceof Uint8Array)) fail('malformed', `${what}: required field ${field} missing`);
  if (length !== undefined && v.length !== length) {
    fail('malformed', `${what}: field ${field} must be ${length} bytes, got ${v.length}`);
  }
  return v;
}

export function decodeOmemoMessage(bytes: Uint8Array): OmemoMessage {
  const what = 'OMEMOMessage';
  const f = readFields(bytes, what, { 1: VARINT, 2: VARINT, 3: BYTES, 4: BYTES });
  const message: OmemoMessage = {
    n: requireNumber(f, 1, what),
    pn: requireNumber(f, 2, what),
    dhPub: requireBytes(f, 3, what, KEY_LENGTH),
  };
  const ciphertext = f.get(4);
  if (ciphertext instanceof Uint8Array) {
    if (
      ciphertext.length === 0 ||
      ciphertext.length % 16 !== 0 ||
      ciphertext.length > MAX_CIPHERTEXT
    ) {
      fail('malformed', `${what}: ciphertext of ${ciphertext.length} bytes`);
    }
    message.ciphertext = ciphertext;
  }
  return message;
}

export function decodeAuthenticatedMessage(bytes: Uint8Array): OmemoAuthenticatedMessage {
  const what = 'OMEMOAuthenticatedMessage';
  const f = readFields(bytes, what, { 1: BYTES, 2: BYTES });
  return { mac: requireBytes(f, 1, what, MAC_LENGTH), message: requireBytes(f, 2, what) };
}

export function decodeKeyExchange(bytes: Uint8Array): OmemoKeyExchange {
  const what = 'OMEMOKeyExchange';
  const f = readFields(bytes, what, { 1: VARINT, 2: VARINT, 3: BYTES, 4: BYTES, 5: BYTES });
  return {
    pkId: requireNumber(f, 1, what),
    spkId: requireNumber(f, 2, what),
    ik: requireBytes(f, 3, what, KEY_LENGTH),
    ek: requireBytes(f, 4, what, KEY_LENGTH),
    message: decodeAuthenticatedMessage(requireBytes(f, 5, what)),
  };
}
