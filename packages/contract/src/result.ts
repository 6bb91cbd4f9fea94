import type { CommandError } from './domain.js';

/** What every command returns over any transport: never a thrown string. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: CommandError };

export class CommandFailure extends Error {
  constructor(readonly error: CommandError) {
    super(error.message);
    this.name = 'CommandFailure';
  }
}
