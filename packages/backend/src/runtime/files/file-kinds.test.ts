import { describe, expect, it } from 'vitest';
import { autoDownloadKind, headMatches, openDirectly, sniffKind } from './file-kinds.js';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]);
const PDF = Buffer.from('%PDF-1.7\n%âãÏÓ\n', 'latin1');
const MP4 = Buffer.concat([
  Buffer.from([0, 0, 0, 0x20]),
  Buffer.from('ftypisom\0\0\0\0', 'latin1'),
]);
const M4A = Buffer.concat([
  Buffer.from([0, 0, 0, 0x20]),
  Buffer.from('ftypM4A \0\0\0\0', 'latin1'),
]);
const MP3 = Buffer.from('ID3\x04\0\0\0\0\0\0', 'latin1');
const WAV = Buffer.from('RIFF\x24\0\0\0WAVEfmt ', 'latin1');
const TEXT = Buffer.from('Hello, wörld!\r\nSecond line\n', 'utf8');
const EXE = Buffer.from('MZ\x90\0\x03\0\0\0\x04\0\0\0', 'latin1');
const ZIP = Buffer.from('PK\x03\x04\x14\0\x06\0', 'latin1');

describe('which downloads open directly', () => {
  it('opens viewer and player types whose content is what the name says', () => {
    expect(openDirectly('photo.png', PNG)).toBe(true);
    expect(openDirectly('photo.JPG', JPEG)).toBe(true);
    expect(openDirectly('paper.pdf', PDF)).toBe(true);
    expect(openDirectly('clip.mp4', MP4)).toBe(true);
    expect(openDirectly('song.m4a', M4A)).toBe(true);
    expect(openDirectly('song.mp3', MP3)).toBe(true);
    expect(openDirectly('voice.wav', WAV)).toBe(true);
    expect(openDirectly('notes.txt', TEXT)).toBe(true);
    // A container's sound or picture proves either (an .m4a is an MP4 file).
    expect(openDirectly('song.m4a', MP4)).toBe(true);
  });

  it('reveals in the folder every type the old denylist missed, whatever their content', () => {
    const missed = [
      '.chm',
      '.msc',
      '.appref-ms',
      '.application',
      '.library-ms',
      '.search-ms',
      '.settingcontent-ms',
      '.xll',
      '.xlam',
      '.docm',
      '.xlsm',
      '.iso',
      '.img',
      '.vhd',
      '.vhdx',
      '.wsh',
      '.wsc',
      '.sct',
      '.reg',
      '.inf',
      '.tool',
      '.terminal',
      '.fileloc',
      '.inetloc',
      '.workflow',
    ];
    for (const ext of missed) {
      for (const head of [TEXT, PNG, EXE])
        expect(openDirectly(`file${ext}`, head), ext).toBe(false);
    }
    for (const name of ['a.exe', 'a.svg', 'a.html', 'a.js', 'a.docx', 'a.zip', 'a', 'a.png.exe']) {
      expect(openDirectly(name, TEXT), name).toBe(false);
    }
  });

  it('reveals an allowed name whose content is something else', () => {
    expect(openDirectly('photo.png', EXE)).toBe(false);
    expect(openDirectly('paper.pdf', ZIP)).toBe(false);
    expect(openDirectly('notes.txt', EXE)).toBe(false);
    expect(openDirectly('notes.txt', Buffer.alloc(0))).toBe(false);
    expect(openDirectly('clip.mp4', PNG)).toBe(false);
  });

  it('takes text cut in the middle of a character as text, binary as not', () => {
    const cut = Buffer.from('abc€', 'utf8').subarray(0, 5);
    expect(sniffKind(cut)).toBe('text');
    expect(sniffKind(Buffer.from([0x61, 0x00, 0x62]))).toBeNull();
    expect(sniffKind(Buffer.from([0xc3, 0x28, 0x61]))).toBeNull();
  });
});

describe('what may download without a click', () => {
  it('only image and video names a preview can verify', () => {
    expect(autoDownloadKind('a.png')).toBe('image');
    expect(autoDownloadKind('a.JPEG')).toBe('image');
    expect(autoDownloadKind('a.mp4')).toBe('video');
    for (const name of ['a.pdf', 'a.svg', 'a.exe', 'a.png.exe', 'a', 'a.heic', 'a.txt']) {
      expect(autoDownloadKind(name), name).toBeNull();
    }
  });

  it('the content must prove the kind', () => {
    expect(headMatches('image', PNG)).toBe(true);
    expect(headMatches('image', EXE)).toBe(false);
    expect(headMatches('video', PNG)).toBe(false);
    expect(headMatches('video', MP4)).toBe(true);
  });
});
