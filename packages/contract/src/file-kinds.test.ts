import { describe, expect, it } from 'vitest';
import { openableKind } from './file-kinds.js';

describe('openableKind', () => {
  it('knows viewer types by extension, whatever the case', () => {
    expect(openableKind('holiday.JPG')).toBe('image');
    expect(openableKind('talk.opus')).toBe('audio');
    expect(openableKind('notes.txt')).toBe('text');
  });

  it('opens nothing that runs code, nothing without an extension, no dot-file', () => {
    for (const name of [
      'setup.exe',
      'report.docm',
      'page.html',
      'logo.svg',
      'disk.iso',
      'README',
      '.png',
      'a.png.lnk',
    ]) {
      expect(openableKind(name), name).toBeNull();
    }
  });
});
