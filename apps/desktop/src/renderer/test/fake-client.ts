import {
  CommandFailure,
  type CommandName,
  type CommandRequest,
  type CommandResponse,
  type EventName,
  type EventPayload,
  type ParleyClient,
} from '@parley/contract';

type Handler<N extends CommandName> = (
  request: CommandRequest<N>,
) => CommandResponse<N> | Promise<CommandResponse<N>>;

/** Commands whose unhandled answer is an empty list. */
const LISTS = new Set<CommandName>([
  'subscriptions.pending',
  'rooms.occupants',
  'rooms.affiliations',
  'muc.services',
  'muc.rooms',
  'links.take',
]);

/** A ParleyClient for renderer tests: canned command handlers, events emitted by hand. */
export class FakeClient implements ParleyClient {
  readonly calls: { name: CommandName; request: unknown }[] = [];
  private readonly handlers = new Map<CommandName, Handler<never>>();
  private readonly listeners = new Map<string, Set<(payload: never) => void>>();

  handle<N extends CommandName>(name: N, handler: Handler<N>): this {
    this.handlers.set(name, handler as unknown as Handler<never>);
    return this;
  }

  async call<N extends CommandName>(
    name: N,
    request: CommandRequest<N>,
  ): Promise<CommandResponse<N>> {
    this.calls.push({ name, request });
    const handler = this.handlers.get(name) as Handler<N> | undefined;
    if (!handler) {
      if (name.endsWith('.list') || LISTS.has(name)) return [] as never;
      if (name === 'messages.page') return { messages: [], complete: true } as never;
      return { ok: true } as never;
    }
    return handler(request);
  }

  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners.get(name) ?? [])
      (listener as (p: EventPayload<E>) => void)(payload);
  }

  callsOf<N extends CommandName>(name: N): CommandRequest<N>[] {
    return this.calls.filter((c) => c.name === name).map((c) => c.request as CommandRequest<N>);
  }
}

export function failure(message: string): CommandFailure {
  return new CommandFailure({ code: 'failed', message });
}
