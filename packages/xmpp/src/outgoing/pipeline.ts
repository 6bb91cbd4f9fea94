// Outgoing messages of one account: build (every section) → transforms (the encryption seam,
// empty until OMEMO) → the stanza the session sends. Per account, because what a transform
// does (whose keys, which devices) is the account's.
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

  /** The stanza to send: built, then every transform in turn. */
  prepare(message: OutgoingMessage, ctx: OutgoingContext): Element {
    let stanza = this.build(message, ctx);
    for (const { transform } of this.transforms) stanza = transform(stanza, message);
    return stanza;
  }
}
