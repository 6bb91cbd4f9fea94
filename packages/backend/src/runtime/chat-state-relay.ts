import type { ChatState } from '@parley/contract';
import type { EventBus } from '../event-bus.js';

/**
 * Chat states (XEP-0085) on their way to the UI: at most one event per conversation (and per
 * room occupant) per turn of the event loop, the latest state winning. A flood of
 * notifications from one peer therefore costs one IPC event per turn, not one per stanza;
 * who may send them at all (contacts, conversations, room occupants) the callers decide.
 */
export class ChatStateRelay {
  private readonly pending = new Map<
    string,
    { peer: string; state: ChatState; nick: string | null }
  >();
  private scheduled = false;

  constructor(
    private readonly accountId: string,
    private readonly bus: EventBus,
  ) {}

  offer(peer: string, state: ChatState, nick: string | null = null): void {
    const key = nick === null ? peer : `${peer}\u0000${nick}`;
    // Re-inserted so that the newest state also goes out last.
    this.pending.delete(key);
    this.pending.set(key, { peer, state, nick });
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  flush(): void {
    this.scheduled = false;
    const batch = [...this.pending.values()];
    this.pending.clear();
    for (const { peer, state, nick } of batch) {
      this.bus.emit('chatState.changed', { accountId: this.accountId, peer, state, nick });
    }
  }
}
