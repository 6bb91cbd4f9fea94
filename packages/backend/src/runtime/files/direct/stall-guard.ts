// The bytes of a direct transfer pass through here: counted into the transfer's progress,
// checked (the receiver's size limit), and watched: no byte for `stallMs` fails the transfer as
// stalled, as HTTP transfers do (a peer that went away without a word, a transport stuck).
import { Transform } from 'node:stream';
import { TransferFailure } from '../http-common.js';
import type { JobContext } from '../transfers.js';

export function stallGuard(
  ctx: JobContext,
  stallMs: number,
  check: (chunk: Buffer) => Error | null = () => null,
): Transform {
  let timer: NodeJS.Timeout | null = null;
  const stop = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  const arm = () => {
    stop();
    timer = setTimeout(() => {
      guard.destroy(
        new TransferFailure('stalled', 'No data moved for too long; the transfer stopped.'),
      );
    }, stallMs);
    timer.unref();
  };
  const guard = new Transform({
    transform(chunk: Buffer, _enc, done) {
      const refused = check(chunk);
      if (refused) {
        done(refused);
        return;
      }
      ctx.progress(chunk.length);
      arm();
      done(null, chunk);
    },
    flush(done) {
      stop();
      done();
    },
    destroy(error, done) {
      stop();
      done(error);
    },
  });
  arm();
  return guard;
}
