// Outgoing messages of one account: build (every section) → transforms (the encryption seam,
// empty until OMEMO; possibly asynchronous) → the stanza the session sends. Per account,
// because what a transform does (whose keys, which devices) is the account's.
import type { Element } from '../stanza.js';
import { buildOutgoing, orderSections } from './builder.js';
import type {
  OutgoingContext,
  OutgoingMessage,
  OutgoingSection,
  OutgoingTransform,
} from './message.js';

export class OutgoingPipeline {
  private readonly sections: readonly OutgoingSection[];
  private readonly transforms: Array<{ name: string; transform: OutgoingTransform }> = [];

  constructor(sections: readonly OutgoingSection[]) {
    this.sections = orderSections(sections);
  }

  /**
   * Adds a step that runs on the built stanza, after every section and before sending, in the
   * order added. Returns a function that removes it.
   */
  addTransform(name: string, transform: OutgoingTransform): () => void {
    const entry = { name, transform };
    this.transforms.push(entry);
    return () => {
      const index = this.transforms.indexOf(entry);
      if (index !== -1) this.transforms.splice(index, 1);
    };
  }

  /** The stanza as built, before any transform: for tests and for what is stored. */
  build(message: OutgoingMessage, ctx: OutgoingContext): Element {
    return buildOutgoing(message, ctx, this.sections);
  }

  /**
   * The stanza to send: built, then every transform in turn. Synchronous (no promise at all)
   * while every transform answers synchronously, so the no-transform path costs what it did;
   * a promise from the first asynchronous transform on. Throws or rejects with whatever a
   * section or transform throws (OutgoingRefused for a refusal).
   */
  prepare(message: OutgoingMessage, ctx: OutgoingContext): Element | Promise<Element> {
    let stanza = this.build(message, ctx);
    // A copy: a transform added or removed while this one awaits does not shift the rest.
    const transforms = this.transforms.slice();
    for (let i = 0; i < transforms.length; i++) {
      const out = transforms[i]!.transform(stanza, message, ctx);
      if (isPromise(out)) return finish(out, transforms.slice(i + 1), message, ctx);
      stanza = out;
    }
    return stanza;
  }
}

async function finish(
  pending: Promise<Element>,
  rest: ReadonlyArray<{ transform: OutgoingTransform }>,
  message: OutgoingMessage,
  ctx: OutgoingContext,
): Promise<Element> {
  let stanza = await pending;
  for (const { transform } of rest) stanza = await transform(stanza, message, ctx);
  return stanza;
}

export function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
