import { randomBytes } from 'node:crypto';
import { x25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it, vi } from 'vitest';

// Counts key imports through OpenSSL's DER decoder (slow: ~0.4 ms a key, more under load).
const imports = vi.hoisted(() => ({ der: 0 }));
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  const counted =
    <F extends (...args: never[]) => unknown>(fn: F) =>
    (...args: Parameters<F>) => {
      const options = args[0] as { format?: string } | undefined;
      if (options?.format === 'der') imports.der++;
      return fn(...args);
    };
  return {
    ...actual,
    default: actual,
    createPrivateKey: counted(actual.createPrivateKey),
    createPublicKey: counted(actual.createPublicKey),
  };
});

const { nativeCurve, toArrayBuffer, x25519PublicFromPrivate } = await import('./crypto-node.js');
const { connect, makeDevice, receive, send, text } = await import('../test-support/legacy-pair.js');

const hex = (b: ArrayBuffer | Uint8Array) => Buffer.from(b as Uint8Array).toString('hex');

describe('X25519 for libsignal without DER key imports', () => {
  it('derives public keys and shared secrets as @noble/curves does, for many keys', async () => {
    for (let i = 0; i < 50; i++) {
      const priv = new Uint8Array(randomBytes(32));
      if (i === 0) priv.fill(0);
      if (i === 1) priv.fill(0xff);
      const pub = x25519PublicFromPrivate(priv);
      expect(hex(pub)).toBe(hex(x25519.getPublicKey(priv)));
      const other = x25519.utils.randomSecretKey();
      const theirs = x25519.getPublicKey(other);
      const secret = await nativeCurve.sharedSecret(toArrayBuffer(theirs), toArrayBuffer(priv));
      expect(hex(secret)).toBe(hex(x25519.getSharedSecret(priv, theirs)));
    }
  });

  it('refuses a public key of the wrong length', async () => {
    const priv = toArrayBuffer(new Uint8Array(randomBytes(32)));
    await expect(nativeCurve.sharedSecret(new ArrayBuffer(31), priv)).rejects.toThrow();
  });

  it('runs direction changes (DH ratchet steps) with no DER key import', async () => {
    const a = await makeDevice('alice@example.org');
    const b = await makeDevice('bob@example.org');
    await connect(a, b);
    imports.der = 0;
    for (let i = 0; i < 6; i++) {
      const [from, to] = i % 2 === 0 ? [a, b] : [b, a];
      const got = await receive(to, from, await send(from, to, `m${i}`));
      expect(text(got.result.plaintext)).toBe(`m${i}`);
    }
    expect(imports.der).toBe(0);
  });
});
