import { xmppUri } from '@parley/contract';
import type { EventBus } from '../event-bus.js';

/** A burst of links (a script opening hundreds) keeps only the newest few. */
const MAX_WAITING = 16;

/**
 * xmpp: links the operating system opened Parley with. They may come before the window is
 * ready to listen, so they wait here until the renderer takes them (links.take); the
 * link.opened event tells a renderer that is already listening to take them now.
 */
export class OpenedLinks {
  private waiting: string[] = [];

  constructor(private readonly bus: EventBus) {}

  /** Untrusted (another process chose it): false, and nothing kept, unless it is an xmpp: URI. */
  offer(uri: unknown): boolean {
    const parsed = xmppUri.safeParse(uri);
    if (!parsed.success) return false;
    this.waiting.push(parsed.data);
    if (this.waiting.length > MAX_WAITING)
      this.waiting.splice(0, this.waiting.length - MAX_WAITING);
    this.bus.emit('link.opened', {});
    return true;
  }

  take(): string[] {
    const taken = this.waiting;
    this.waiting = [];
    return taken;
  }
}
