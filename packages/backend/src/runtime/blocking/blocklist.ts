import { MAX_BLOCKED } from '@parley/contract';
import type { BlockOrigin } from '@parley/store';
import { blockedBy, parseJid, type JID } from '@parley/xmpp';

/**
 * One account's blocklist (XEP-0191) in memory: normalized addresses, at most MAX_BLOCKED (a
 * longer list from the server is cut, a block past it refused), matched as the server matches
 * them (an address, its bare JID, or its domain). Each entry knows where it lives: on the
 * server's list, or only here (a block made where the server has no XEP-0191).
 */
export class Blocklist {
  private readonly entries = new Map<string, BlockOrigin>();

  get size(): number {
    return this.entries.size;
  }

  /** Whether this exact entry is on the list. */
  has(entry: string): boolean {
    return this.entries.has(entry);
  }

  list(): string[] {
    return [...this.entries.keys()].sort();
  }

  /** The entries only this client enforces. */
  localOnly(): string[] {
    return [...this.entries]
      .filter(([, origin]) => origin === 'local')
      .map(([jid]) => jid)
      .sort();
  }

  /**
   * The server's whole list (a fetch after login) replaces the server part; local blocks stay
   * (one the server now holds too becomes a server entry).
   */
  replace(jids: readonly string[]): void {
    for (const [entry, origin] of this.entries) {
      if (origin === 'server') this.entries.delete(entry);
    }
    this.add(jids);
  }

  /**
   * Adds what fits; returns false when some did not (the list is full). A server entry is never
   * turned back into a local one.
   */
  add(jids: readonly string[], origin: BlockOrigin = 'server'): boolean {
    for (const entry of jids) {
      const current = this.entries.get(entry);
      if (current !== undefined) {
        if (origin === 'server') this.entries.set(entry, origin);
        continue;
      }
      if (this.entries.size >= MAX_BLOCKED) return false;
      this.entries.set(entry, origin);
    }
    return true;
  }

  remove(jids: readonly string[]): void {
    for (const entry of jids) this.entries.delete(entry);
  }

  /** The server emptied its list ("unblock all"): its part goes; with `everything`, all. */
  clear(everything = true): void {
    for (const [entry, origin] of this.entries) {
      if (everything || origin === 'server') this.entries.delete(entry);
    }
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
