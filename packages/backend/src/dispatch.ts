import { parseCommand, type CommandName, type Result } from '@parley/contract';
import { HandlerError, type HandlerMap } from './handler-types.js';

/**
 * The single entry point for untrusted calls: unknown names and malformed payloads are
 * answered with a typed error before any handler runs, so they change nothing.
 */
export async function dispatch(
  handlers: HandlerMap,
  name: unknown,
  payload: unknown,
): Promise<Result<unknown>> {
  const parsed = parseCommand(name, payload);
  if (!parsed.ok) return parsed;
  const commandName: CommandName = parsed.value.name;
  const handler = handlers[commandName] as (request: unknown) => unknown;
  try {
    return { ok: true, value: await handler(parsed.value.request) };
  } catch (error) {
    if (error instanceof HandlerError) {
      const { code, message, text } = error;
      return { ok: false, error: text ? { code, message, text } : { code, message } };
    }
    // Unexpected failures are reported without internals (paths, stack) reaching the renderer.
    console.error(`[parley] ${commandName} failed`, error);
    const text = { id: 'command.failed', params: { command: commandName } } as const;
    return { ok: false, error: { code: 'failed', message: `${commandName} failed`, text } };
  }
}
