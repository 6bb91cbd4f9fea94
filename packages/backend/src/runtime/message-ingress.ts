import type { Element, IncomingMessage, Session } from '@parley/xmpp';
import type { IncomingTransforms } from './incoming-transforms.js';
import type { OrderedIngress } from './ordered-ingress.js';
import type { StanzaRouter } from './stanza-router.js';
import type { WriteBatch, WriteOp } from './write-batch.js';
import { combineWrites } from './incoming-transforms.js';

/**
 * The account's incoming stanzas into the router, keeping message order when some messages need
 * asynchronous work (decryption). A plain message while nothing waits is handled at once, as
 * before; a claimed one, and every later message of the account while any waits, goes through
 * the OrderedIngress. Presence and iq never wait; neither do archive results (collected per
 * query and opened with their page, see ArchivePages).
 */
export class MessageIngress {
  constructor(
    private readonly router: StanzaRouter,
    private readonly ingress: OrderedIngress,
    private readonly batch: WriteBatch,
    private readonly transforms: IncomingTransforms,
  ) {}

  handle(session: Session, stanza: Element): void {
    if (stanza.name !== 'message') {
      this.router.route(session, stanza);
      return;
    }
    let message: IncomingMessage;
    try {
      message = this.router.open(stanza);
    } catch (error) {
      // Opening never throws by design (open-hostile.test.ts); if it did, only this stanza is lost.
      console.error('[parley] stanza handling failed', error);
      return;
    }
    const envelope = message.envelope;
    const archived = envelope?.origin.kind === 'archive' || message.rejected?.wrapper === 'archive';
    if (archived || (!envelope?.awaiting && !this.ingress.busy)) {
      this.router.deliver(session, message);
      return;
    }
    this.ingress.submit(session, () => this.later(session, message));
  }

  /** A queued message's turn: open it if claimed, then handle it as any other. */
  private async later(session: Session, message: IncomingMessage): Promise<WriteOp | null> {
    let current = message;
    let write: WriteOp | null = null;
    const claimed = message.envelope?.awaiting ? message.envelope : null;
    if (claimed) {
      // What the messages before this one wrote is committed first, so the dedupe in open()
      // sees it (a redelivery after a resume queues behind its original).
      this.batch.flush();
      const opened = await this.transforms.open(claimed);
      write = opened.write;
      if (!opened.envelope) return write;
      current = { ...message, envelope: opened.envelope };
    }
    let handled: WriteOp[];
    try {
      handled = this.batch.capture(() => this.router.deliver(session, current));
    } catch (error) {
      // Its write will never run: whatever it holds (the OMEMO crypto lock) is let go.
      write?.settled?.();
      throw error;
    }
    return combineWrites(write ? [write, ...handled] : handled);
  }
}
