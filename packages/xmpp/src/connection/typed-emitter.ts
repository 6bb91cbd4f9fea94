import { EventEmitter } from 'node:events';

/**
 * A Node EventEmitter whose on/off/once/emit are checked against an event map.
 * Listener exceptions are the emitter's caller's business (Session catches them where a
 * throwing listener must not break the protocol, see session.ts).
 */
/** `E` maps each event name to its listener's argument. */
export class TypedEmitter<E extends object> {
  private readonly emitter = new EventEmitter();

  constructor() {
    // One listener per feature module and a few from the backend: more than 10 is normal.
    this.emitter.setMaxListeners(100);
  }

  on<K extends keyof E & string>(event: K, listener: (arg: E[K]) => void): this {
    this.emitter.on(event, listener);
    return this;
  }

  once<K extends keyof E & string>(event: K, listener: (arg: E[K]) => void): this {
    this.emitter.once(event, listener);
    return this;
  }

  off<K extends keyof E & string>(event: K, listener: (arg: E[K]) => void): this {
    this.emitter.off(event, listener);
    return this;
  }

  protected emit<K extends keyof E & string>(event: K, arg: E[K]): void {
    this.emitter.emit(event, arg);
  }

  listenerCount<K extends keyof E & string>(event: K): number {
    return this.emitter.listenerCount(event);
  }
}
