/**
 * One account's OMEMO crypto lock (OMEMO.md §4 pitfall 11): decryption, encryption and key
 * transports all read a session record, advance its ratchet and write it back. Without one lock
 * a send and a receive on the same session within milliseconds both start from the same record
 * and the later write wins: a ratchet step is lost, and the peer cannot decrypt the next message
 * (its message key was already used).
 *
 * A decryption holds the lock from the start of its work until its write has committed with its
 * message, or will not (dropped, rolled back, failed): the record it read must not be read by
 * anything else until its new state is in the store. Decryptions do not need to exclude each
 * other: the account's ordered ingress runs them one at a time, and an archive page decrypts all
 * its items before committing them together. So a decryption joins a hold other decryptions
 * have; a sender (encrypt + commit, a key transport + commit) holds it alone. Waiters are served
 * in order, and a decryption never joins ahead of a waiting sender unless decryptions already
 * hold it (the live ingress commits each message before opening the next, so a waiting sender
 * gets its turn between two messages; an archive page keeps it until the page is committed).
 *
 * Never held across a network wait that can be avoided: device lists and bundles are fetched
 * before taking it.
 */

/** Ends one hold; calling it again does nothing. */
export type Release = () => void;

type Kind = 'decrypt' | 'exclusive';

interface Waiter {
  kind: Kind;
  grant: () => void;
}

export class CryptoLock {
  private holder: Kind | null = null;
  /** Decryptions holding it together (holder 'decrypt'). */
  private decryptions = 0;
  private readonly waiters: Waiter[] = [];

  /** Whether anyone holds it (for tests and logs). */
  get held(): boolean {
    return this.holder !== null;
  }

  /**
   * A decryption's hold: released once its write has committed or never will. Joins decryptions
   * that hold it already.
   */
  async decryption(): Promise<Release> {
    if (this.holder === 'decrypt') {
      this.decryptions++;
    } else if (this.holder === null && this.waiters.length === 0) {
      this.holder = 'decrypt';
      this.decryptions = 1;
    } else {
      await new Promise<void>((grant) => this.waiters.push({ kind: 'decrypt', grant }));
    }
    return once(() => {
      if (--this.decryptions === 0) this.pass();
    });
  }

  /** Runs `work` (an encryption and its commit, a key transport) with the lock held alone. */
  async exclusive<T>(work: () => Promise<T> | T): Promise<T> {
    if (this.holder === null && this.waiters.length === 0) this.holder = 'exclusive';
    else await new Promise<void>((grant) => this.waiters.push({ kind: 'exclusive', grant }));
    try {
      return await work();
    } finally {
      this.pass();
    }
  }

  /** The holder let go: the next waiter (and, for a decryption, the ones right behind it). */
  private pass(): void {
    this.holder = null;
    this.decryptions = 0;
    const next = this.waiters.shift();
    if (!next) return;
    this.holder = next.kind;
    if (next.kind === 'exclusive') {
      next.grant();
      return;
    }
    const granted = [next];
    while (this.waiters[0]?.kind === 'decrypt') granted.push(this.waiters.shift()!);
    this.decryptions = granted.length;
    for (const waiter of granted) waiter.grant();
  }
}

function once(release: () => void): Release {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    release();
  };
}
