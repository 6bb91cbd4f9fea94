import { MAX_BLOCKED } from '@parley/contract';
import { blockedBy, parseJid, type JID } from '@parley/xmpp';

/**
 * One account's blocklist as the server told it (XEP-0191), in memory: normalized addresses,
 * at most MAX_BLOCKED (a longer list from the server is cut, a block past it refused), matched
 * as the server matches them (an address, its bare JID, or its domain).
 */
export class Blocklist {
  private readonly entries = new Set<string>();

  get size(): number {
    return this.entries.size;
  }

  /** Whether this exact entry is on the list. */
  has(entry: string): boolean {
    return this.entries.has(entry);
  }

  list(): string[] {
    return [...this.entries].sort();
  }

  /** The server's whole list (a fetch after login). */
  replace(jids: readonly string[]): void {
    this.entries.clear();
    this.add(jids);
  }

  /** Adds what fits; returns false when some did not (the list is full). */
  add(jids: readonly string[]): boolean {
    for (const entry of jids) {
      if (this.entries.has(entry)) continue;
      if (this.entries.size >= MAX_BLOCKED) return false;
      this.entries.add(entry);
    }
    return true;
  }

  remove(jids: readonly string[]): void {
    for (const entry of jids) this.entries.delete(entry);
  }

  clear(): void {
    this.entries.clear();
  }

  /** Whether what comes from `address` is blocked. */
  blocks(address: JID): boolean {
    return this.entries.size > 0 && blockedBy(address, (entry) => this.entries.has(entry));
  }

  /** For untrusted text (a stanza's `from`): invalid addresses are never blocked here. */
  blocksText(address: string): boolean {
    if (this.entries.size === 0) return false;
    const parsed = parseJid(address);
    return parsed !== null && this.blocks(parsed);
  }
}
