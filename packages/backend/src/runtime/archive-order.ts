/**
 * Keeps a forward archive catch-up in the archive's order when shown by timestamp.
 *
 * Archive stamps have one-second precision (Prosody writes whole seconds), while a message
 * received live is stamped with our clock in milliseconds. A message that reached us live at
 * 12:00:00.700 and the next one from the same sender, missed in a cut and fetched from the
 * archive stamped 12:00:00, would otherwise be shown in the wrong order. The archive's order
 * is the server's order, so while paging forward each new message is placed no earlier than
 * the one before it in the archive (whether that one was new or already stored), and an
 * incoming message already stored is moved (by a millisecond past it) if it would otherwise
 * show above the peer's message before it in the archive.
 *
 * Live messages keep arriving while a catch-up is owed, and one the walk has not met yet is
 * newer than every item the walk has placed or will place before meeting it (the archive holds
 * it after them, or the query that could have found it ran before it was archived). Its
 * receive time can still lie below where the walk places those items (a floor from a message
 * stored later in the same second): so a live message goes no earlier than the peer's last
 * walked item, and a walked item goes no later than the peer's oldest live message not yet met.
 */
export class ArchiveOrder {
  /** The timestamp of the last archive item seen, as stored; -Infinity before the first. */
  private floor: number;
  /**
   * Per conversation, where its last incoming archive item stands and whether this walk stored
   * it (then it is the newest row, so a stored item tying with it would show above it).
   * Bounded: a conversation not seen for `maxConversations` others starts afresh.
   */
  private readonly lastIncoming = new Map<string, { timestamp: number; fresh: boolean }>();
  /**
   * Per conversation, live incoming messages stored while this catch-up is owed and not yet met
   * by the walk: archive id → stored timestamp, oldest first. Bounded like `lastIncoming`, and
   * per conversation by `maxLivePerConversation` (the oldest are kept: they set the limit).
   */
  private readonly liveAhead = new Map<string, Map<string, number>>();
  private static readonly maxLivePerConversation = 1_000;

  constructor(
    start: number | null,
    private readonly maxConversations = 1_000,
  ) {
    this.floor = start ?? Number.NEGATIVE_INFINITY;
  }

  /** The timestamp to store a new archive item with, given its archive stamp. */
  place(stamp: number, incomingFrom?: string): number {
    const placed = Math.max(stamp, this.floor);
    const ahead = incomingFrom === undefined ? undefined : this.liveAhead.get(incomingFrom);
    const oldestLive = ahead?.values().next().value;
    if (oldestLive === undefined || placed < oldestLive) return placed;
    // Below the live message the walk has not met, but not above the peer's last walked item
    // (ties show in insertion order, which is the archive's).
    const last = this.lastIncoming.get(incomingFrom ?? '')?.timestamp ?? Number.NEGATIVE_INFINITY;
    return Math.max(oldestLive - 1, last);
  }

  /** A live incoming message to store while this catch-up is owed: no earlier than the peer's
   * last walked item. */
  placeLive(peer: string, timestamp: number): number {
    const last = this.lastIncoming.get(peer);
    return last && timestamp < last.timestamp ? last.timestamp : timestamp;
  }

  /**
   * A live incoming message was stored (new) while this catch-up is owed: remembered until the
   * walk meets it by its archive id (without one the walk cannot recognise it).
   */
  storedLive(peer: string, timestamp: number, archiveId: string | null): void {
    if (archiveId === null) return;
    let ahead = this.liveAhead.get(peer);
    if (!ahead) {
      ahead = new Map();
      this.liveAhead.set(peer, ahead);
      if (this.liveAhead.size > this.maxConversations) {
        const oldest = this.liveAhead.keys().next().value;
        if (oldest !== undefined) this.liveAhead.delete(oldest);
      }
    }
    if (ahead.size < ArchiveOrder.maxLivePerConversation) ahead.set(archiveId, timestamp);
  }

  /**
   * An incoming item that was already stored (live, or by an earlier catch-up that did not
   * have the items before it yet): the timestamp it must move to so that it shows after the
   * conversation's previous archive item, or null when it already does. Without this a
   * message first seen in this catch-up lands below a later one stored before it (same
   * whole-second stamp, or an earlier live receive time than the place found for it).
   */
  follow(peer: string, storedTimestamp: number): number | null {
    const last = this.lastIncoming.get(peer);
    if (!last) return null;
    const behind =
      storedTimestamp < last.timestamp || (storedTimestamp === last.timestamp && last.fresh);
    return behind ? last.timestamp + 1 : null;
  }

  /**
   * An item was stored (or found already stored) with this timestamp; `incoming` names its
   * conversation when it came from the peer, and whether this walk inserted it.
   */
  passed(
    storedTimestamp: number,
    incoming?: { peer: string; inserted: boolean; archiveId: string },
  ): void {
    if (storedTimestamp > this.floor) this.floor = storedTimestamp;
    if (!incoming) return;
    const ahead = this.liveAhead.get(incoming.peer);
    if (ahead?.delete(incoming.archiveId) && ahead.size === 0) this.liveAhead.delete(incoming.peer);
    this.lastIncoming.delete(incoming.peer);
    this.lastIncoming.set(incoming.peer, {
      timestamp: storedTimestamp,
      fresh: incoming.inserted,
    });
    if (this.lastIncoming.size > this.maxConversations) {
      const oldest = this.lastIncoming.keys().next().value;
      if (oldest !== undefined) this.lastIncoming.delete(oldest);
    }
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
