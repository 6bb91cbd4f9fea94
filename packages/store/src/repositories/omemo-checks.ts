import { OMEMO_MAX_DEVICE_ID, omemoVersion, type OmemoVersion } from '@parley/contract';

/*
 * Checks every OMEMO repository makes before a write, so a caller bug reads as a clear
 * RangeError naming the field, not as a CHECK failure deep in SQLite (which stays as the last
 * line of defence).
 */

export function checkBytes(name: string, bytes: Uint8Array, length: number): Buffer {
  if (!(bytes instanceof Uint8Array) || bytes.length !== length) {
    throw new RangeError(`${name} must be ${length} bytes, got ${describe(bytes)}`);
  }
  return toBuffer(bytes);
}

export function checkMaxBytes(name: string, bytes: Uint8Array, max: number): Buffer {
  if (!(bytes instanceof Uint8Array) || bytes.length === 0 || bytes.length > max) {
    throw new RangeError(`${name} must be 1..${max} bytes, got ${describe(bytes)}`);
  }
  return toBuffer(bytes);
}

export function checkDeviceId(deviceId: number): number {
  if (!Number.isInteger(deviceId) || deviceId < 1 || deviceId > OMEMO_MAX_DEVICE_ID) {
    throw new RangeError(`an OMEMO device id is an integer in 1..2^31-1, got ${deviceId}`);
  }
  return deviceId;
}

export function checkVersion(namespace: OmemoVersion): OmemoVersion {
  if (!omemoVersion.safeParse(namespace).success) {
    throw new RangeError(`unknown OMEMO version ${String(namespace)}`);
  }
  return namespace;
}

export function checkText(name: string, text: string | null, max: number): string | null {
  if (text !== null && (typeof text !== 'string' || text.length > max)) {
    throw new RangeError(`${name} must be text of at most ${max} characters`);
  }
  return text;
}

/** SQLite hands BLOBs back as Buffers; callers get plain bytes they may keep. */
export function fromBlob(blob: Buffer): Uint8Array {
  return new Uint8Array(blob);
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function describe(value: unknown): string {
  return value instanceof Uint8Array ? `${value.length}` : typeof value;
}
