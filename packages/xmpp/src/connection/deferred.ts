/** A promise with its settle functions outside, settled at most once. */
export class Deferred<T> {
  readonly promise: Promise<T>;
  settled = false;
  private res!: (value: T) => void;
  private rej!: (reason: unknown) => void;

  constructor() {
    this.promise = new Promise<T>((resolve, reject) => {
      this.res = resolve;
      this.rej = reject;
    });
    // Marked handled: a deferred rejected while nobody awaits it (an attempt already failed
    // for another reason) must not become an unhandledRejection. Awaiters still see it.
    this.promise.catch(() => {});
  }

  resolve(value: T): void {
    if (this.settled) return;
    this.settled = true;
    this.res(value);
  }

  reject(reason: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.rej(reason);
  }
}

/** Rejects with Error('timeout') if `p` has not settled within `ms`. */
export function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('timeout')), ms);
    p.then(resolve, reject).finally(() => clearTimeout(t));
  });
}
