import { events, type EventName, type EventPayload } from '@parley/contract';

export type EventListener = (name: EventName, payload: unknown) => void;

/**
 * Typed event fan-out to every attached transport. Payloads are checked against the contract
 * in development and tests so a backend bug cannot push a malformed event unnoticed.
 */
export class EventBus {
  private readonly listeners = new Set<EventListener>();
  constructor(private readonly validate = process.env['NODE_ENV'] !== 'production') {}

  emit<N extends EventName>(name: N, payload: EventPayload<N>): void {
    if (this.validate) {
      const parsed = events[name].safeParse(payload);
      if (!parsed.success) {
        throw new Error(`Backend emitted an invalid ${name}: ${parsed.error.message}`);
      }
    }
    for (const listener of this.listeners) listener(name, payload);
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
