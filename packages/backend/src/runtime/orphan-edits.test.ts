import { describe, expect, it } from 'vitest';
import { OrphanEdits, type EditRetry } from './orphan-edits.js';

const retry: EditRetry = () => {};

describe('edits waiting for their original', () => {
  it('are handed over once, by any id of the message, in its conversation only', () => {
    const orphans = new OrphanEdits();
    orphans.keep('bob@x', 'm1', retry);
    orphans.keep('bob@x', 'm1', retry);
    expect(orphans.take('carol@x', ['m1'])).toHaveLength(0);
    expect(orphans.take('bob@x', [null, 'other', 'm1'])).toHaveLength(2);
    expect(orphans.take('bob@x', ['m1'])).toHaveLength(0);
  });

  it('are bounded: the oldest go first', () => {
    const orphans = new OrphanEdits();
    for (let i = 0; i < 2_000; i++) orphans.keep('bob@x', `m${i}`, retry);
    expect(orphans.take('bob@x', ['m0'])).toHaveLength(0);
    expect(orphans.take('bob@x', ['m1999'])).toHaveLength(1);
  });
});
