import { describe, expect, it } from 'vitest';
import { MAX_SKIPPED_KEYS_PER_SESSION, pruneSessionRecord } from './record-prune.js';

const keys = (from: number, n: number) =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [String(from + i), 'k']));

function record(chains: Record<string, { messageKeys: Record<string, string> }>) {
  return JSON.stringify({
    version: 'v1',
    sessions: {
      base: {
        currentRatchet: { ephemeralKeyPair: { pubKey: 'SEND' }, lastRemoteEphemeralKey: 'RECV' },
        oldRatchetList: [{ ephemeralKey: 'OLD1' }, { ephemeralKey: 'OLD2' }],
        chains,
      },
    },
  });
}

const chainsOf = (s: string) => JSON.parse(s).sessions.base.chains;

describe('session record pruning', () => {
  it('drops chains neither current nor in oldRatchetList, keeps the rest', () => {
    const pruned = pruneSessionRecord(
      record({
        SEND: { messageKeys: {} },
        RECV: { messageKeys: {} },
        OLD1: { messageKeys: keys(0, 2) },
        OLD2: { messageKeys: {} },
        LEAKED: { messageKeys: keys(0, 3) },
      }),
    );
    expect(Object.keys(chainsOf(pruned)).sort()).toEqual(['OLD1', 'OLD2', 'RECV', 'SEND']);
  });

  it('returns a healthy record unchanged', () => {
    const healthy = record({ SEND: { messageKeys: {} }, RECV: { messageKeys: keys(3, 4) } });
    expect(pruneSessionRecord(healthy)).toBe(healthy);
  });

  it('caps skipped message keys per session, oldest chain and lowest counters first', () => {
    const pruned = chainsOf(
      pruneSessionRecord(
        record({
          OLD1: { messageKeys: keys(0, 800) },
          OLD2: { messageKeys: keys(0, 800) },
          RECV: { messageKeys: keys(0, 10) },
        }),
      ),
    );
    const total = ['OLD1', 'OLD2', 'RECV'].reduce(
      (n, k) => n + Object.keys(pruned[k].messageKeys).length,
      0,
    );
    expect(total).toBe(MAX_SKIPPED_KEYS_PER_SESSION);
    // 1,610 keys: the 610 lowest counters of the oldest chain go.
    expect(pruned.OLD1.messageKeys['609']).toBeUndefined();
    expect(pruned.OLD1.messageKeys['610']).toBe('k');
    expect(Object.keys(pruned.OLD2.messageKeys)).toHaveLength(800);
    expect(Object.keys(pruned.RECV.messageKeys)).toHaveLength(10);
  });
});
