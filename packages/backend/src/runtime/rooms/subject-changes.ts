import { englishText } from '@parley/contract';
import type { ErrorCondition } from '@parley/xmpp';
import { HandlerError, textError } from '../../handler-types.js';
import { roomRefusalText, type SubjectStanding } from './room-error-words.js';

/** How long the room may take to answer a subject change (it answers in milliseconds). */
export const SUBJECT_TIMEOUT_MS = 15_000;

interface PendingChange {
  room: string;
  subject: string;
  resolve(): void;
  reject(error: HandlerError): void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * Subject changes sent and not yet answered (XEP-0045 §8.1). A room answers a change with the
 * new subject, reflected to every occupant (the reflection carries no id of ours: it is
 * matched by room and text), or with an error bounce naming our stanza id. Nothing answered
 * within the timeout is reported as such, never as success. Each entry is one user command
 * and leaves on its answer or its timeout, so the map stays as small as the user's patience.
 */
export class SubjectChanges {
  private readonly pending = new Map<string, PendingChange>();

  constructor(private readonly timeoutMs = SUBJECT_TIMEOUT_MS) {}

  /** Resolves once `room` shows `subject`; rejects with the room's refusal in words. */
  wait(id: string, room: string, subject: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(textError('failed', 'room.no-answer'));
      }, this.timeoutMs);
      this.pending.set(id, { room, subject, resolve, reject, timer });
    });
  }

  /** The message carrying `id` could not be sent: nothing will answer it. */
  abandon(id: string): void {
    const change = this.pending.get(id);
    if (!change) return;
    clearTimeout(change.timer);
    this.pending.delete(id);
  }

  /**
   * The room announced its subject. The text is compared as parsed (capped), so a subject
   * longer than the parser keeps still matches by its kept beginning.
   */
  reflected(room: string, subject: string): void {
    for (const [id, change] of this.pending) {
      if (change.room !== room) continue;
      const same =
        change.subject === subject ||
        (subject.length > 0 &&
          subject.length < change.subject.length &&
          change.subject.startsWith(subject));
      if (!same) continue;
      clearTimeout(change.timer);
      this.pending.delete(id);
      change.resolve();
    }
  }

  /**
   * An error from `room` naming `id`: true when it answered one of our subject changes
   * (then the change is refused in words), false when the id is not a pending change there.
   */
  refused(
    room: string,
    id: string | null,
    condition: ErrorCondition | null,
    text: string | null,
    standing: SubjectStanding,
  ): boolean {
    const change = id === null ? undefined : this.pending.get(id);
    if (!change || change.room !== room || id === null) return false;
    clearTimeout(change.timer);
    this.pending.delete(id);
    const refusal = roomRefusalText('subject', condition, text, standing);
    change.reject(new HandlerError('failed', englishText(refusal), refusal));
    return true;
  }

  /** We left the room or went offline: no answer will come for its changes. */
  cancel(room: string, why: string): void {
    for (const [id, change] of this.pending) {
      if (change.room !== room) continue;
      clearTimeout(change.timer);
      this.pending.delete(id);
      change.reject(new HandlerError('failed', why));
    }
  }

  get size(): number {
    return this.pending.size;
  }
}
