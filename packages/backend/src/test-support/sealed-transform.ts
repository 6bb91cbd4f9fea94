// A stand-in for OMEMO in tests: an asynchronous incoming transform for messages that carry
// `<sealed xmlns='urn:parley:test'>text</sealed>`. Opened, such a message has the sealed text as
// its body; `fail='1'` makes it fail (like a message not encrypted for this device), `drop='1'`
// makes it nothing to store (like a key transport). It delays each run (randomly by default),
// so asynchronous completion order differs from arrival order.
import {
  childIn,
  xml,
  type AsyncIncomingTransform,
  type EnvelopeHead,
  type TransformOutcome,
} from '@parley/xmpp';
import type { WriteOp } from '../runtime/write-batch.js';

export const NS_SEALED = 'urn:parley:test';

/** `<sealed/>` with a fallback body beside it, as OMEMO messages carry one. */
export function sealed(text: string, attrs: Record<string, string> = {}) {
  return [
    xml('body', {}, 'This message is sealed; your client cannot open it.'),
    xml('sealed', { xmlns: NS_SEALED, ...attrs }, text),
  ];
}

export class SealedTransform implements AsyncIncomingTransform {
  readonly name = 'test sealed';
  /** The texts it opened, in the order it ran. */
  readonly runs: string[] = [];
  /** The writes of opened messages that committed (with their message), in commit order. */
  readonly committed: string[] = [];
  /** The writes the ingress or archive page was done with (committed or not), in order. */
  readonly settled: string[] = [];
  /** How many runs are under way at once at most (must stay 1: one at a time per account). */
  maxConcurrent = 0;
  private running = 0;

  constructor(private readonly delayMs: (text: string) => number = () => Math.random() * 15) {}

  claims(head: EnvelopeHead): boolean {
    return childIn(head.content, 'sealed', NS_SEALED) !== null;
  }

  async run(head: EnvelopeHead): Promise<TransformOutcome> {
    this.running++;
    this.maxConcurrent = Math.max(this.maxConcurrent, this.running);
    try {
      const el = childIn(head.content, 'sealed', NS_SEALED)!;
      const text = el.text();
      await new Promise((resolve) => setTimeout(resolve, this.delayMs(text)));
      this.runs.push(text);
      // Committed or not, a write is settled once (what OMEMO's crypto lock waits for).
      const write: WriteOp = () => () => void this.committed.push(text);
      write.settled = () => void this.settled.push(text);
      if (el.attrs.drop === '1') return { kind: 'drop', write };
      if (el.attrs.fail === '1') {
        return { kind: 'failed', facts: { encryption: 'omemo2', decryptError: 'no-session' } };
      }
      if (el.attrs.throw === '1') throw new Error('the test transform broke');
      // The stanza's other children (ids, receipt request...) kept, shared read-only.
      const content = xml(head.content.name, { ...head.content.attrs });
      const kept = head.content
        .getChildElements()
        .filter((c) => c.getName() !== 'body' && c !== el);
      content.children = kept;
      content.append(xml('body', {}, text)); // Appended: its namespace is the message's.
      return {
        kind: 'replaced',
        content,
        facts: { encryption: 'omemo2', senderDevice: 7, trust: 'blind' },
        write,
      };
    } finally {
      this.running--;
    }
  }
}
