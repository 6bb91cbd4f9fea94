/**
 * Keeps a forward archive catch-up in the archive's order when shown by timestamp.
 *
 * Archive stamps have one-second precision (Prosody writes whole seconds), while a message
 * received live is stamped with our clock in milliseconds. A message that reached us live at
 * 12:00:00.700 and the next one from the same sender, missed in a cut and fetched from the
 * archive stamped 12:00:00, would otherwise be shown in the wrong order. The archive's order
 * is the server's order, so while paging forward each new message is placed no earlier than
 * the one before it in the archive (whether that one was new or already stored).
 */
export class ArchiveOrder {
  /** The timestamp of the last archive item seen, as stored; -Infinity before the first. */
  private floor: number;

  constructor(start: number | null) {
    this.floor = start ?? Number.NEGATIVE_INFINITY;
  }

  /** The timestamp to store a new archive item with, given its archive stamp. */
  place(stamp: number): number {
    return Math.max(stamp, this.floor);
  }

  /** An item was stored (or found already stored) with this timestamp. */
  passed(storedTimestamp: number): void {
    if (storedTimestamp > this.floor) this.floor = storedTimestamp;
  }

  get position(): number | null {
    return Number.isFinite(this.floor) ? this.floor : null;
  }
}

/**
 * Keeps live stanzas in the order the server sent them. A stanza resent after a resume carries
 * a <delay> from when it was first queued (Prosody stamps whole seconds; a client resending its
 * own queue stamps when it first sent), which can lie below messages that came before it in the
 * stream. Within `slackMs` it is placed right after them; an older stamp (a message that waited
 * offline) keeps its own time.
 */
export class StreamOrder {
  private last = Number.NEGATIVE_INFINITY;

  constructor(private readonly slackMs = 60_000) {}

  place(timestamp: number): number {
    const placed =
      timestamp < this.last && timestamp > this.last - this.slackMs ? this.last : timestamp;
    if (placed > this.last) this.last = placed;
    return placed;
  }
}
