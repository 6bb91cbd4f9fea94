/**
 * Drops the receiving chains libsignal-protocol-typescript 0.0.16 leaks. Its
 * SessionRecord.removeOldChains caps oldRatchetList at 10 but deletes `session[key]` instead of
 * `session.chains[base64(key)]`, so every direction change leaves a chain behind (OMEMO.md §2.2
 * #7: 1,001 chains and 106 KB after 1,000 direction changes, rewritten on every message).
 * A chain is live when it is the current sending chain, the current receiving chain, or one of
 * the old receiving chains still listed in oldRatchetList (kept for late messages); everything
 * else is unreachable by the library and goes. Run on every record before it is stored.
 * Skipped message keys (kept for messages that arrive late) are capped at 1,000 per session, as
 * python-oldmemo's default is, dropping the oldest chains' keys first: a peer that jumps its
 * counter by up to 2,000 on each of 11 chains cannot make us store 22,000 keys.
 */

export const MAX_SKIPPED_KEYS_PER_SESSION = 1000;

interface SerializedChain {
  readonly chainType?: number;
  messageKeys?: Record<string, string>;
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
    dropped += capSkippedKeys(session);
  }
  return dropped === 0 ? serialized : JSON.stringify(record);
}

/** Oldest first: the old receiving chains in the order they were retired, then the current one. */
function capSkippedKeys(session: SerializedSession): number {
  const chains = session.chains!;
  const order = [
    ...(session.oldRatchetList ?? []).map((o) => chainKeyOf(o.ephemeralKey)),
    chainKeyOf(session.currentRatchet?.lastRemoteEphemeralKey),
  ];
  let total = 0;
  for (const chain of Object.values(chains)) total += Object.keys(chain.messageKeys ?? {}).length;
  let dropped = 0;
  for (const key of order) {
    if (total <= MAX_SKIPPED_KEYS_PER_SESSION) break;
    const keys = key === undefined ? undefined : chains[key]?.messageKeys;
    if (!keys) continue;
    const counters = Object.keys(keys).sort((a, b) => Number(a) - Number(b));
    for (const counter of counters) {
      if (total <= MAX_SKIPPED_KEYS_PER_SESSION) break;
      delete keys[counter];
      total--;
      dropped++;
    }
  }
  return dropped;
}
