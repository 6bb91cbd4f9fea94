import type { Occupant } from '@parley/contract';
import type { EventBus } from '../../event-bus.js';

interface Pending {
  reset: boolean;
  upserted: Map<string, Occupant>;
  removed: Set<string>;
}

/** Occupant events past this many in one batch go out at once rather than wait for the turn. */
const MAX_BATCH = 1_000;

/**
 * Occupant changes leave as one event per room per event-loop turn (or per MAX_BATCH), so a
 * join burst of thousands of presences costs the renderer a few updates, not thousands
 * (Converse.js re-rendered on every presence; Dino froze on a 1,700-occupant room).
 */
export class OccupantBatcher {
  private readonly pending = new Map<string, Pending>();
  private scheduled = false;

  constructor(
    private readonly accountId: string,
    private readonly bus: EventBus,
  ) {}

  reset(room: string): void {
    this.pending.set(room, { reset: true, upserted: new Map(), removed: new Set() });
    this.schedule();
  }

  upsert(room: string, occupant: Occupant): void {
    const p = this.entry(room);
    p.removed.delete(occupant.nick);
    p.upserted.set(occupant.nick, occupant);
    if (p.upserted.size + p.removed.size >= MAX_BATCH) this.flushRoom(room);
    else this.schedule();
  }

  remove(room: string, nick: string): void {
    const p = this.entry(room);
    p.upserted.delete(nick);
    p.removed.add(nick);
    if (p.upserted.size + p.removed.size >= MAX_BATCH) this.flushRoom(room);
    else this.schedule();
  }

  flush(): void {
    this.scheduled = false;
    for (const room of [...this.pending.keys()]) this.flushRoom(room);
  }

  private flushRoom(room: string): void {
    const p = this.pending.get(room);
    if (!p) return;
    this.pending.delete(room);
    this.bus.emit('room.occupants', {
      accountId: this.accountId,
      room,
      reset: p.reset,
      upserted: [...p.upserted.values()],
      removed: [...p.removed],
    });
  }

  private entry(room: string): Pending {
    let p = this.pending.get(room);
    if (!p) this.pending.set(room, (p = { reset: false, upserted: new Map(), removed: new Set() }));
    return p;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }
}
