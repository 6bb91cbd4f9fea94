import { createHash, createHmac, pbkdf2, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

// SCRAM (RFC 5802, SHA-256: RFC 7677) with Node's native PBKDF2.
// @xmpp/sasl-scram-sha-1 derives the salted password with one awaited WebCrypto HMAC per
// iteration (10,000 round trips through the event loop at Prosody's default: 0.6–1 s per
// login). crypto.pbkdf2 does the whole derivation in one call on the libuv thread pool, so
// the event loop stays free and the cost is a few milliseconds.

const pbkdf2Async = promisify(pbkdf2);

export type ScramHash = 'sha1' | 'sha256';
export const SCRAM_MECHANISMS: Record<string, ScramHash> = {
  'SCRAM-SHA-256': 'sha256',
  'SCRAM-SHA-1': 'sha1',
};

const KEY_LENGTH: Record<ScramHash, number> = { sha1: 20, sha256: 32 };
/** A hostile server could ask for 2³¹ iterations and pin a CPU core for minutes. */
export const MAX_ITERATIONS = 1_000_000;

export interface ScramKeys {
  clientKey: Buffer;
  storedKey: Buffer;
  serverKey: Buffer;
}

export async function saltedPassword(
  password: string,
  salt: Buffer,
  iterations: number,
  hash: ScramHash,
): Promise<Buffer> {
  return pbkdf2Async(
    Buffer.from(saslPrep(password), 'utf8'),
    salt,
    iterations,
    KEY_LENGTH[hash],
    hash,
  );
}

export function scramKeys(salted: Buffer, hash: ScramHash): ScramKeys {
  const clientKey = hmac(hash, salted, 'Client Key');
  return {
    clientKey,
    storedKey: createHash(hash).update(clientKey).digest(),
    serverKey: hmac(hash, salted, 'Server Key'),
  };
}

/** Caches the derived keys per (hash, salt, iterations) so reconnects skip PBKDF2. */
export type ScramKeyCache = Map<string, ScramKeys>;

export class ScramClient {
  readonly clientFirstBare: string;
  private serverSignature: Buffer | null = null;

  constructor(
    private readonly hash: ScramHash,
    username: string,
    private readonly password: string,
    private readonly cnonce: string = randomBytes(18).toString('base64'),
    private readonly cache?: ScramKeyCache,
  ) {
    this.clientFirstBare = `n=${saslName(saslPrep(username))},r=${cnonce}`;
  }

  /** gs2 header "n,," : no channel binding, no authzid. */
  clientFirst(): string {
    return `n,,${this.clientFirstBare}`;
  }

  async clientFinal(serverFirst: string): Promise<string> {
    const attrs = parseAttributes(serverFirst);
    if (attrs.has('m')) throw new Error('SCRAM: unsupported mandatory extension');
    const nonce = attrs.get('r');
    const salt = attrs.get('s');
    const iterations = Number(attrs.get('i'));
    if (!nonce || !nonce.startsWith(this.cnonce) || nonce.length === this.cnonce.length) {
      throw new Error('SCRAM: server nonce does not extend ours');
    }
    if (!salt) throw new Error('SCRAM: no salt');
    if (!Number.isInteger(iterations) || iterations < 1 || iterations > MAX_ITERATIONS) {
      throw new Error(`SCRAM: refusing iteration count ${attrs.get('i')}`);
    }

    const keys = await this.keys(Buffer.from(salt, 'base64'), iterations);
    const withoutProof = `c=biws,r=${nonce}`;
    const authMessage = `${this.clientFirstBare},${serverFirst},${withoutProof}`;
    const clientSignature = hmac(this.hash, keys.storedKey, authMessage);
    const proof = xor(keys.clientKey, clientSignature).toString('base64');
    this.serverSignature = hmac(this.hash, keys.serverKey, authMessage);
    return `${withoutProof},p=${proof}`;
  }

  /** Mutual authentication: the server proves it knows the password too (not done by xmpp.js). */
  verifyServerFinal(serverFinal: string): boolean {
    const attrs = parseAttributes(serverFinal);
    const v = attrs.get('v');
    if (!v || !this.serverSignature) return false;
    const got = Buffer.from(v, 'base64');
    return got.length === this.serverSignature.length && timingSafeEqual(got, this.serverSignature);
  }

  private async keys(salt: Buffer, iterations: number): Promise<ScramKeys> {
    const key = `${this.hash}:${iterations}:${salt.toString('base64')}`;
    const cached = this.cache?.get(key);
    if (cached) return cached;
    const keys = scramKeys(
      await saltedPassword(this.password, salt, iterations, this.hash),
      this.hash,
    );
    this.cache?.set(key, keys);
    return keys;
  }
}

export function parseAttributes(message: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of message.split(',')) {
    const eq = part.indexOf('=');
    if (eq === 1) out.set(part[0] as string, part.slice(2));
  }
  return out;
}

function hmac(hash: ScramHash, key: Buffer, data: string): Buffer {
  return createHmac(hash, key).update(data, 'utf8').digest();
}

function xor(a: Buffer, b: Buffer): Buffer {
  const out = Buffer.alloc(a.length);
  for (let i = 0; i < a.length; i++) out[i] = (a[i] as number) ^ (b[i] as number);
  return out;
}

/** RFC 5802 §5.1: ',' and '=' in names are escaped. */
function saslName(name: string): string {
  return name.replace(/=/g, '=3D').replace(/,/g, '=2C');
}

// RFC 3454 table B.1 (mapped to nothing) and C.1.2 (non-ASCII spaces, mapped to U+0020).
// Code point sets rather than a regex: several are combining marks, unsafe in a character class.
const MAPPED_TO_NOTHING = new Set([
  0x00ad,
  0x034f,
  0x1806,
  0x180b,
  0x180c,
  0x180d,
  0x200b,
  0x200c,
  0x200d,
  0x2060,
  0xfeff,
  ...Array.from({ length: 16 }, (_, i) => 0xfe00 + i),
]);
const NON_ASCII_SPACE = new Set([
  0x00a0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009,
  0x200a, 0x200b, 0x202f, 0x205f, 0x3000,
]);

/**
 * SASLprep (RFC 4013) mapping and normalization, which is what the server applies to the
 * stored password. Prohibited-output and bidi checks are the server's job: it will refuse.
 */
export function saslPrep(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (NON_ASCII_SPACE.has(cp)) out += ' ';
    else if (!MAPPED_TO_NOTHING.has(cp)) out += ch;
  }
  return out.normalize('NFKC');
}
