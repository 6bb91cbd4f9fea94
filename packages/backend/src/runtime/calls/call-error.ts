import type { CallFailure } from '@parley/contract';

/** A call command that cannot be done: answered as `{ ok: false, failure }`, never thrown on. */
export class CallError extends Error {
  constructor(
    readonly code: CallFailure['code'],
    message: string,
  ) {
    super(message);
    this.name = 'CallError';
  }

  get failure(): CallFailure {
    return { code: this.code, message: this.message };
  }
}
