import {
  omemoDecryptError,
  omemoDeviceId,
  omemoTrust,
  omemoVersion,
  type Message,
} from '@parley/contract';

/** The OMEMO columns of a message row (migration 11). */
export interface OmemoColumns {
  encryption: string | null;
  sender_device: number | null;
  trust_at_receipt: string | null;
  decrypt_error: string | null;
}

type OmemoFields = Pick<Message, 'encryption' | 'senderDevice' | 'trust' | 'decryptError'>;

/**
 * The message's OMEMO fields, each present only when set: a plaintext message reads exactly
 * as it did before OMEMO existed. A value that does not fit (a newer build's code) is left out
 * rather than handed to the renderer unchecked.
 */
export function omemoFromRow(r: OmemoColumns): OmemoFields {
  const out: OmemoFields = {};
  // Plaintext rows (nearly all) cost two null checks, no schema run.
  if (r.encryption === null && r.decrypt_error === null) return out;
  const encryption = read(omemoVersion, r.encryption);
  if (encryption !== null) out.encryption = encryption;
  const device = read(omemoDeviceId, r.sender_device);
  if (device !== null) out.senderDevice = device;
  const trust = read(omemoTrust, r.trust_at_receipt);
  if (trust !== null) out.trust = trust;
  const error = read(omemoDecryptError, r.decrypt_error);
  if (error !== null) out.decryptError = error;
  return out;
}

/**
 * The columns for a message to store, checked against the contract.
 * @throws RangeError naming the field that does not fit
 */
export function omemoToRow(msg: OmemoFields): OmemoColumns {
  return {
    encryption: check('encryption', omemoVersion, msg.encryption),
    sender_device: check('senderDevice', omemoDeviceId, msg.senderDevice),
    trust_at_receipt: check('trust', omemoTrust, msg.trust),
    decrypt_error: check('decryptError', omemoDecryptError, msg.decryptError),
  };
}

interface Schema<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false };
}

function read<T>(schema: Schema<T>, value: unknown): T | null {
  if (value === null) return null;
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

function check<T>(name: string, schema: Schema<T>, value: T | null | undefined): T | null {
  // Plaintext messages (the common case) skip the schema entirely.
  if (value === null || value === undefined) return null;
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new RangeError(`message ${name} ${JSON.stringify(value)} is not valid`);
  return parsed.data;
}
