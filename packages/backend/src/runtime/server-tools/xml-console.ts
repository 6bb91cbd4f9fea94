// The XML console per account: while open, the session's tap (xmpp console/tap.ts) feeds a
// bounded ring buffer of printed, masked stanzas that the renderer reads by sequence number.
// A console nobody reads for a while closes itself, so a crashed window stops the capture.
import type { ConsoleEntry } from '@parley/contract';
import { printStanza, type Element, type Session } from '@parley/xmpp';

export const MAX_CONSOLE_ENTRIES = 2000;
export const MAX_CONSOLE_CHARS = 4 * 1024 * 1024;
export const CONSOLE_IDLE_MS = 30_000;

type Tappable = Pick<Session, 'setTap'>;

function kindOf(el: Element): ConsoleEntry['kind'] {
  const name = el.name;
  return name === 'message' || name === 'presence' || name === 'iq' ? name : 'other';
}

class ConsoleBuffer {
  private entries: ConsoleEntry[] = [];
  private chars = 0;
  private nextSeq = 0;
  private tapped: Tappable | null = null;
  private idle: NodeJS.Timeout | null = null;

  constructor(
    private readonly idleMs: number,
    private readonly onIdle: () => void,
  ) {
    this.touch();
  }

  /** Taps `session` (the account's current one), leaving any earlier session. */
  follow(session: Tappable | null): void {
    if (session === this.tapped) return;
    this.tapped?.setTap(null);
    this.tapped = session;
    session?.setTap((direction, el) => this.push(direction, el));
  }

  push(direction: 'in' | 'out', el: Element): void {
    const xml = printStanza(el);
    this.entries.push({ seq: this.nextSeq++, at: Date.now(), direction, kind: kindOf(el), xml });
    this.chars += xml.length;
    while (
      this.entries.length > MAX_CONSOLE_ENTRIES ||
      (this.chars > MAX_CONSOLE_CHARS && this.entries.length > 1)
    ) {
      this.chars -= this.entries.shift()?.xml.length ?? 0;
    }
  }

  read(after: number): { entries: ConsoleEntry[]; dropped: boolean } {
    this.touch();
    const first = this.entries[0]?.seq ?? this.nextSeq;
    const entries = this.entries.filter((e) => e.seq > after);
    // Entries the reader has not seen were pushed out of the buffer before it asked.
    return { entries, dropped: first > after + 1 };
  }

  close(): void {
    if (this.idle) clearTimeout(this.idle);
    this.follow(null);
    this.entries = [];
  }

  private touch(): void {
    if (this.idle) clearTimeout(this.idle);
    this.idle = setTimeout(this.onIdle, this.idleMs);
    this.idle.unref?.();
  }
}

export class XmlConsoles {
  private readonly open = new Map<string, ConsoleBuffer>();

  constructor(private readonly idleMs = CONSOLE_IDLE_MS) {}

  /** Opens (or keeps) the account's console and taps its session, if there is one. */
  start(accountId: string, session: Tappable | null): void {
    let buffer = this.open.get(accountId);
    if (!buffer) {
      buffer = new ConsoleBuffer(this.idleMs, () => this.stop(accountId));
      this.open.set(accountId, buffer);
    }
    buffer.follow(session);
  }

  isOpen(accountId: string): boolean {
    return this.open.has(accountId);
  }

  /** Entries after `after`; a reconnect's new session is tapped on the way. */
  read(accountId: string, session: Tappable | null, after: number) {
    const buffer = this.open.get(accountId);
    if (!buffer) return { entries: [], dropped: false };
    if (session) buffer.follow(session);
    return buffer.read(after);
  }

  stop(accountId: string): void {
    this.open.get(accountId)?.close();
    this.open.delete(accountId);
  }

  stopAll(): void {
    for (const id of [...this.open.keys()]) this.stop(id);
  }
}
