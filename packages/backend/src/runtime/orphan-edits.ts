import type { Store } from '@parley/store';
import type { Correction, Moderation, Retraction } from '@parley/xmpp';
import type { EditConversation, EditSender } from './edit-trust.js';
import type { WriteSink } from './message-pipeline.js';

/** When and under which stanza id an edit was made (as MessageEdits stamps it). */
export interface OrphanStamp {
  id: string | null;
  at: number;
  fromArchive: boolean;
}

interface OrphanBase {
  conversation: EditConversation;
  /** Who sent it, as established when it arrived (carbon and archive checks already done). */
  sender: EditSender;
  stamp: OrphanStamp;
}

/** An edit that named a message we did not have yet: everything needed to apply it later. */
export type OrphanEdit =
  | (OrphanBase & { kind: 'correct'; part: Correction })
  | (OrphanBase & { kind: 'retract'; part: Retraction })
  | (OrphanBase & { kind: 'moderate'; part: Moderation });

/** What applies an edit again, with every check (MessageEdits). */
export interface EditAppliers {
  applyCorrection(
    part: Correction,
    c: EditConversation,
    s: EditSender,
    t: OrphanStamp,
    sink: WriteSink,
  ): void;
  applyRetraction(
    part: Retraction,
    c: EditConversation,
    s: EditSender,
    t: OrphanStamp,
    sink: WriteSink,
  ): void;
  applyModeration(
    part: Moderation,
    c: EditConversation,
    s: EditSender,
    t: OrphanStamp,
    sink: WriteSink,
  ): void;
}

/** Keys remembered in memory beyond this mean many were dropped in the store: read them anew. */
const MAX_KEYS_IN_MEMORY = 10_000;

function keyOf(peer: string, ref: string): string {
  return `${peer}\u0000${ref}`;
}

function parseEdit(json: string): OrphanEdit | null {
  try {
    const edit = JSON.parse(json) as Partial<OrphanEdit> | null;
    const kinds: unknown[] = ['correct', 'retract', 'moderate'];
    if (!edit || !kinds.includes(edit.kind) || !edit.part || !edit.sender || !edit.stamp) {
      return null;
    }
    if (!edit.conversation?.peer) return null;
    return edit as OrphanEdit;
  } catch {
    return null;
  }
}

/**
 * Corrections, retractions and moderations from an archive page that came before their
 * original: history is fetched newest page first, and carbons and archive pages interleave, so
 * an edit can be read a page (or a session) before the message it changes. They wait in the
 * store (bounded per conversation, per account and in age: OrphanEditsRepository), so a restart
 * loses none, until a message with the id they name passes through the pipeline; then they are
 * applied, with every sender check, right after that message's commit. Memory holds only the
 * keys, so that the receive path asks the store nothing while nothing waits.
 */
export class OrphanEdits {
  private readonly waiting = new Set<string>();

  constructor(private readonly scope: { store: Store; accountId: string }) {
    this.reload();
  }

  private reload(): void {
    this.waiting.clear();
    for (const { peer, ref } of this.scope.store.messageEdits.orphans.keys(this.scope.accountId)) {
      this.waiting.add(keyOf(peer, ref));
    }
  }

  /** Inside a write: `edit` waits for message `ref` of `peer`. */
  keep(peer: string, ref: string, edit: OrphanEdit): void {
    const { store, accountId } = this.scope;
    store.messageEdits.orphans.keep(accountId, { peer, ref }, JSON.stringify(edit));
    if (this.waiting.size >= MAX_KEYS_IN_MEMORY) this.reload();
    this.waiting.add(keyOf(peer, ref));
  }

  /** Outside any write, cheap: which of a message's `ids` some edit waits for. */
  waitingFor(peer: string, ids: ReadonlyArray<string | null>): string[] {
    if (this.waiting.size === 0) return [];
    const refs = new Set<string>();
    for (const id of ids) if (id && this.waiting.has(keyOf(peer, id))) refs.add(id);
    return [...refs];
  }

  /** Inside a write: the edits waiting for `refs` of `peer`, oldest first; they stop waiting. */
  take(peer: string, refs: readonly string[]): OrphanEdit[] {
    const { store, accountId } = this.scope;
    const found: OrphanEdit[] = [];
    for (const ref of refs) {
      this.waiting.delete(keyOf(peer, ref));
      for (const json of store.messageEdits.orphans.take(accountId, { peer, ref })) {
        const edit = parseEdit(json);
        if (edit) found.push(edit);
      }
    }
    return found;
  }
}

/** Applies a waiting edit as if it had just arrived live: every check, no waiting again. */
export function replayOrphan(edits: EditAppliers, edit: OrphanEdit, sink: WriteSink): void {
  const stamp = { ...edit.stamp, fromArchive: false };
  switch (edit.kind) {
    case 'correct':
      return edits.applyCorrection(edit.part, edit.conversation, edit.sender, stamp, sink);
    case 'retract':
      return edits.applyRetraction(edit.part, edit.conversation, edit.sender, stamp, sink);
    case 'moderate':
      return edits.applyModeration(edit.part, edit.conversation, edit.sender, stamp, sink);
  }
}
