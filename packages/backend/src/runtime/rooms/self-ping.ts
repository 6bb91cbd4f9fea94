import { buildSelfPing, interpretSelfPing, type Session } from '@parley/xmpp';
import type { Rooms } from './rooms.js';

/**
 * XEP-0410 MUC self-ping: a room can drop us silently (a restart, a netsplit) while our
 * connection stays up. Every room quiet for `intervalMs` is pinged through our own occupant
 * JID; "not joined" means rejoin. One round at a time, so a slow server is not piled on.
 */
export class SelfPing {
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    private readonly rooms: Rooms,
    private readonly intervalMs: number,
  ) {}

  start(session: Session): void {
    this.stop();
    const tick = Math.max(250, Math.floor(this.intervalMs / 2));
    this.timer = setInterval(() => {
      // A round can meet a link that just dropped; the next session rejoins anyway.
      this.round(session).catch(() => {});
    }, tick);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Pings every joined room that has been quiet for the interval; returns the rooms rejoined. */
  async round(session: Session): Promise<string[]> {
    if (this.running || session.state !== 'online') return [];
    this.running = true;
    const rejoined: string[] = [];
    try {
      const now = Date.now();
      const { store, accountId } = this.rooms.scope;
      for (const [room, live] of this.rooms.live) {
        if (live.state !== 'joined' || now - live.lastActivity < this.intervalMs) continue;
        const record = store.rooms.get(accountId, room);
        if (!record) continue;
        const verdict = await session
          .iq(buildSelfPing(room, record.nick), 30_000)
          .then(() => interpretSelfPing({ result: true }))
          .catch((error: { code?: string; condition?: string | null }) =>
            interpretSelfPing(
              // Only an error answer is the room's word; a ping that timed out, could not be
              // sent or died with the session says nothing about the room (no rejoin for it).
              error.code === 'stanza-error'
                ? { errorCondition: error.condition ?? 'undefined-condition' }
                : { timeout: true },
            ),
          );
        if (verdict === 'joined') live.lastActivity = Date.now();
        if (verdict !== 'not-joined' || session.state !== 'online') continue;
        rejoined.push(room);
        // A failed rejoin must not reject the round: start() runs it from a timer, where a
        // rejection is unhandled; the other rooms still get their ping.
        await this.rooms
          .join(session, room, record.nick, { password: record.password })
          .catch((error: unknown) => console.warn(`[parley] rejoining ${room}: ${String(error)}`));
      }
    } finally {
      this.running = false;
    }
    return rejoined;
  }
}
