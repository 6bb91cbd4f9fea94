import { PassThrough, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { TransferFailure } from '../http-common.js';
import type { JobContext } from '../transfers.js';
import { stallGuard } from './stall-guard.js';

function context(): JobContext & { moved: number } {
  const ctx = {
    moved: 0,
    signal: new AbortController().signal,
    progress: (n: number) => {
      ctx.moved += n;
    },
    update: () => {},
  };
  return ctx;
}

const sink = () =>
  new Writable({
    write(_chunk, _enc, done) {
      done();
    },
  });

describe('the stall guard of direct transfers', () => {
  it('counts what passes and lets a stream that keeps moving finish', async () => {
    const ctx = context();
    const source = new PassThrough();
    const done = pipeline(source, stallGuard(ctx, 200), sink());
    for (let i = 0; i < 5; i++) {
      source.write(Buffer.alloc(10));
      await new Promise((r) => setTimeout(r, 50));
    }
    source.end();
    await done;
    expect(ctx.moved).toBe(50);
  });

  it('fails a stream with no byte for the stall time as stalled', async () => {
    const source = new PassThrough();
    const done = pipeline(source, stallGuard(context(), 100), sink());
    source.write(Buffer.alloc(10));
    const error: unknown = await done.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransferFailure);
    expect((error as TransferFailure).code).toBe('stalled');
  });

  it('stops at the first chunk its check refuses', async () => {
    const source = new PassThrough();
    let seen = 0;
    const guard = stallGuard(context(), 1_000, (chunk) => {
      seen += chunk.length;
      return seen > 15 ? new TransferFailure('size-mismatch', 'too many') : null;
    });
    const done = pipeline(source, guard, sink());
    source.write(Buffer.alloc(10));
    source.write(Buffer.alloc(10));
    const error: unknown = await done.catch((e: unknown) => e);
    expect((error as TransferFailure).code).toBe('size-mismatch');
  });
});
