import type { Session } from '@parley/xmpp';
import type { AccountScope } from './account-scope.js';
import type { WriteOp } from './write-batch.js';

/** What the cursor rule needs of a session: which server-side session it is, and its state. */
export type StreamOf = Pick<Session, 'epoch' | 'state'>;

/**
 * Keeps the account's archive cursor (the newest archive id we hold everything up to) moving
 * with live messages, so that a reconnect fetches only what it missed instead of everything
 * since the last catch-up.
 *
 * The rule: once a catch-up has reached the archive's end on a server-side session, every
 * message that session delivers live (a carbon too) was archived after what that catch-up
 * fetched, and everything archived between the two reached us on the same stream. So its
 * archive id may become the cursor, in the same transaction that stores it (the ack barrier:
 * never ahead of the store). A resume keeps the server-side session (XEP-0198: nothing was
 * lost); a fresh one after a lost session is a gap: the cursor stays where the continuous
 * stream left it until the next catch-up, started from there, completes.
 *
 * Stanzas replayed while a resume is still being negotiated do not move it (they are stored;
 * the next live message carries the cursor past them). The stanza-id is our own server's
 * (by = our bare JID), which it strips from what others send (XEP-0359 §4); we only follow
 * after a catch-up found an archive, so the server is one that does.
 */
export class LiveCursor {
  /** The server-side session (Session.epoch) the cursor follows; null while it must not. */
  private followedEpoch: number | null = null;
  /** Counts notes: only the newest one writes, so a batch of messages costs one cursor write. */
  private notes = 0;

  constructor(
    private readonly scope: AccountScope,
    /** After a commit that moved the cursor: where the message it points at is shown, if stored. */
    private readonly moved: (shownAt: number | null) => void = () => {},
  ) {}

  /** A catch-up reached the archive's end on this session: live messages carry the cursor on. */
  follow(session: StreamOf): void {
    this.followedEpoch = session.state === 'online' ? session.epoch : null;
  }

  /** A fresh session (a possible gap) or a catch-up under way: the cursor stays put. */
  halt(): void {
    this.followedEpoch = null;
  }

  /**
   * For a live message or carbon carrying our archive's id, after its own writes: the write
   * that moves the cursor to it, or undefined when the stream is not continuous since the last
   * completed catch-up.
   */
  note(session: StreamOf, archiveId: string | null): WriteOp | undefined {
    if (archiveId === null || this.followedEpoch === null) return undefined;
    if (session.state !== 'online' || session.epoch !== this.followedEpoch) return undefined;
    const { store, accountId } = this.scope;
    const note = ++this.notes;
    return () => {
      // A newer note follows in this batch (or the next): it writes, after its own message.
      if (note !== this.notes) return undefined;
      store.accounts.setMamCursor(accountId, archiveId);
      const shownAt = store.messages.timestampOfArchiveId(accountId, archiveId);
      return () => this.moved(shownAt);
    };
  }
}
