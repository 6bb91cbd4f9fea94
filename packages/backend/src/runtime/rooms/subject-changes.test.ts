import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SubjectChanges } from './subject-changes.js';

const ROOM = 'r@muc.example.org';
const standing = { occupantsMayChange: false, visitor: false };

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('SubjectChanges', () => {
  it('reports a room that never answers as a timeout, not a success', async () => {
    const changes = new SubjectChanges(1_000);
    const waiting = changes.wait('s1', ROOM, 'x');
    const outcome = expect(waiting).rejects.toMatchObject({ message: /did not answer/ });
    vi.advanceTimersByTime(1_000);
    await outcome;
    expect(changes.size).toBe(0);
  });

  it('matches the reflection by room and text; a capped reflection by its beginning', async () => {
    const changes = new SubjectChanges(1_000);
    const long = 'y'.repeat(5_000);
    const a = changes.wait('a', ROOM, 'tea');
    const b = changes.wait('b', ROOM, long);
    changes.reflected('other@muc.example.org', 'tea');
    changes.reflected(ROOM, 'coffee');
    expect(changes.size).toBe(2);
    changes.reflected(ROOM, 'tea');
    changes.reflected(ROOM, long.slice(0, 4096));
    await expect(a).resolves.toBeUndefined();
    await expect(b).resolves.toBeUndefined();
  });

  it('refuses in words by condition; an id from another room is not an answer', async () => {
    const changes = new SubjectChanges(1_000);
    const waiting = changes.wait('s1', ROOM, 'x');
    expect(changes.refused('other@muc.example.org', 's1', 'forbidden', null, standing)).toBe(false);
    expect(changes.refused(ROOM, 'nope', 'forbidden', null, standing)).toBe(false);
    expect(changes.refused(ROOM, 's1', 'forbidden', 'go away', standing)).toBe(true);
    await expect(waiting).rejects.toMatchObject({
      code: 'failed',
      message: 'Only moderators may change the subject here. The room said: “go away”',
      // The same for the renderer to translate; the room's own words stay as it wrote them.
      text: {
        id: 'room-subject.forbidden',
        condition: 'forbidden',
        serverText: 'go away',
        saidBy: 'room',
      },
    });
  });

  it('cancels what waits in a room we left', async () => {
    const changes = new SubjectChanges(1_000);
    const waiting = changes.wait('s1', ROOM, 'x');
    changes.cancel(ROOM, 'You left the room before it answered.');
    await expect(waiting).rejects.toMatchObject({ message: /You left/ });
    expect(changes.size).toBe(0);
  });
});
