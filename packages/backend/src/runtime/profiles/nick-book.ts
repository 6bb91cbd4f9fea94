/**
 * Contacts' published nicks (XEP-0172), per account, in memory: PEP sends the current nick
 * again with each login (+notify), so nothing needs storing. Bounded: past MAX_NICKS the
 * oldest entry goes, so a flood of notifications cannot grow it.
 */
export const MAX_NICKS = 10_000;

export class NickBook implements Pick<ReadonlyMap<string, string>, 'get'> {
  private readonly nicks = new Map<string, string>();

  get(bareJid: string): string | undefined {
    return this.nicks.get(bareJid);
  }

  /** True when the nick shown for `bareJid` changed. */
  set(bareJid: string, nick: string | null): boolean {
    const before = this.nicks.get(bareJid) ?? null;
    if (before === nick) return false;
    this.nicks.delete(bareJid);
    if (nick !== null) {
      this.nicks.set(bareJid, nick);
      while (this.nicks.size > MAX_NICKS) {
        this.nicks.delete(this.nicks.keys().next().value as string);
      }
    }
    return true;
  }

  get size(): number {
    return this.nicks.size;
  }
}
