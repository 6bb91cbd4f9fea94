import { describe, expect, it } from 'vitest';
import { pickAtOptions } from './pick-at.js';

describe('pickAtOptions', () => {
  it('starts the open dialog at the typed path, for one file', () => {
    expect(pickAtOptions({ path: '/tmp/report.pdf' }, '/home/ann')).toEqual({
      defaultPath: '/tmp/report.pdf',
      properties: ['openFile'],
    });
  });

  it('reads ~ and relative paths from the home folder', () => {
    expect(pickAtOptions({ path: '~/a b.txt' }, '/home/ann')?.defaultPath).toBe(
      '/home/ann/a b.txt',
    );
    expect(pickAtOptions({ path: 'notes.txt' }, '/home/ann')?.defaultPath).toBe(
      '/home/ann/notes.txt',
    );
  });

  it('refuses what is not a path', () => {
    for (const bad of [
      null,
      'x',
      {},
      { path: '' },
      { path: '  ' },
      { path: 'a\0b' },
      { path: 'x'.repeat(5000) },
    ]) {
      expect(pickAtOptions(bad, '/home/ann')).toBeNull();
    }
  });
});
