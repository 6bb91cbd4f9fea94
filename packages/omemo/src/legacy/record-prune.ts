/**
 * Drops the receiving chains libsignal-protocol-typescript 0.0.16 leaks. Its
 * SessionRecord.removeOldChains caps oldRatchetList at 10 but deletes `session[key]` instead of
 * `session.chains[base64(key)]`, so every direction change leaves a chain behind (OMEMO.md §2.2
 * #7: 1,001 chains and 106 KB after 1,000 direction changes, rewritten on every message).
 * A chain is live when it is the current sending chain, the current receiving chain, or one of
 * the old receiving chains still listed in oldRatchetList (kept for late messages); everything
 * else is unreachable by the library and goes. Run on every record before it is stored.
 */

interface SerializedChain {
  readonly chainType?: number;
}
interface SerializedSession {
  currentRatchet?: {
    ephemeralKeyPair?: { pubKey?: string };
    lastRemoteEphemeralKey?: string;
  };
  oldRatchetList?: { ephemeralKey?: string }[];
  chains?: Record<string, SerializedChain>;
}
interface SerializedRecord {
  sessions?: Record<string, SerializedSession>;
}

/** libsignal keys chains by base64 of the key, and serializes every key as base64 too. */
const chainKeyOf = (base64: string | undefined): string | undefined => base64;

export function pruneSessionRecord(serialized: string): string {
  const record = JSON.parse(serialized) as SerializedRecord;
  let dropped = 0;
  for (const session of Object.values(record.sessions ?? {})) {
    if (!session.chains) continue;
    const live = new Set<string | undefined>([
      chainKeyOf(session.currentRatchet?.ephemeralKeyPair?.pubKey),
      chainKeyOf(session.currentRatchet?.lastRemoteEphemeralKey),
      ...(session.oldRatchetList ?? []).map((o) => chainKeyOf(o.ephemeralKey)),
    ]);
    for (const key of Object.keys(session.chains)) {
      if (!live.has(key)) {
        delete session.chains[key];
        dropped++;
      }
    }
  }
  return dropped === 0 ? serialized : JSON.stringify(record);
}
