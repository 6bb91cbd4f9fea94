import type { z } from 'zod';
import { commands, type CommandName } from './commands.js';
import type { Result } from './result.js';

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(commands, name);
}

/** Parse an untrusted (name, payload) pair into a typed request or a typed error. */
export function parseCommand(
  name: unknown,
  payload: unknown,
): Result<{ name: CommandName; request: unknown }> {
  if (!isCommandName(name)) {
    return {
      ok: false,
      error: { code: 'unknown-command', message: `Unknown command: ${String(name).slice(0, 64)}` },
    };
  }
  const schema: z.ZodType = commands[name].request;
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    return {
      ok: false,
      error: {
        code: 'invalid-payload',
        message: `${name}: ${issue?.message ?? 'invalid'}${where}`,
      },
    };
  }
  return { ok: true, value: { name, request: parsed.data } };
}
