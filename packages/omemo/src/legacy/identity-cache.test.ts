import { describe, expect, it, vi } from 'vitest';

// Counts deriveIdentity calls while keeping the real derivation.
const derive = vi.hoisted(() => ({ calls: 0 }));
vi.mock('../identity.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../identity.js')>();
  return {
    ...actual,
    deriveIdentity: (seed: Uint8Array) => {
      derive.calls++;
      return actual.deriveIdentity(seed);
    },
  };
});

const { connect, makeDevice, receive, send, text } = await import('../test-support/legacy-pair.js');

describe('legacy OMEMO account: identity derivation', () => {
  it('derives the identity keys once per account, not on every message (~1 ms each)', async () => {
    const a = await makeDevice('alice@example.org');
    const b = await makeDevice('bob@example.org');
    await connect(a, b);
    const before = derive.calls;
    for (let i = 0; i < 10; i++) {
      const [from, to] = i % 2 === 0 ? [a, b] : [b, a];
      const got = await receive(to, from, await send(from, to, `m${i}`));
      expect(text(got.result.plaintext)).toBe(`m${i}`);
    }
    // Each account derives at most once more (its first operation after creation).
    expect(derive.calls - before).toBeLessThanOrEqual(2);
  });

  it('derives again when the stored seed changes', async () => {
    const a = await makeDevice('alice@example.org');
    const first = (await a.account.bundle()).identityKey;
    const created = await a.account.create();
    await a.storage.commit(created.writes);
    const second = (await a.account.bundle()).identityKey;
    expect(Buffer.from(second).equals(first)).toBe(false);
  });
});
