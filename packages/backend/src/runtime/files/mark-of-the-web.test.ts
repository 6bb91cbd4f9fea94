import { describe, expect, it } from 'vitest';
import {
  markFromInternet,
  markPlan,
  quarantineValue,
  ZONE_IDENTIFIER,
  type MarkWriter,
} from './mark-of-the-web.js';

function recorder(platform: NodeJS.Platform, fail = false) {
  const calls: string[][] = [];
  const writer: MarkWriter = {
    platform,
    writeFile: async (path, content) => {
      calls.push(['write', path, content]);
      if (fail) throw new Error('ENOTSUP');
    },
    run: async (program, args) => {
      calls.push([program, ...args]);
      if (fail) throw new Error('ENOTSUP');
    },
    now: () => 1_700_000_000,
  };
  return { writer, calls };
}

describe('downloads marked as from the internet', () => {
  it('Windows: a Zone.Identifier stream saying zone 3 (Internet)', async () => {
    expect(ZONE_IDENTIFIER).toBe('[ZoneTransfer]\r\nZoneId=3\r\n');
    const { writer, calls } = recorder('win32');
    expect(await markFromInternet('C:\\Users\\a\\Downloads\\a.pdf', writer)).toBe(true);
    expect(calls).toEqual([
      ['write', 'C:\\Users\\a\\Downloads\\a.pdf:Zone.Identifier', '[ZoneTransfer]\r\nZoneId=3\r\n'],
    ]);
  });

  it('macOS: the com.apple.quarantine attribute, written by xattr without a shell', async () => {
    expect(quarantineValue(1_700_000_000, 'ABC')).toBe('0083;6553f100;Parley;ABC');
    const { writer, calls } = recorder('darwin');
    expect(await markFromInternet('/Users/a/Downloads/a; rm -rf ~.pdf', writer)).toBe(true);
    expect(calls).toHaveLength(1);
    const [program, ...args] = calls[0]!;
    expect(program).toBe('/usr/bin/xattr');
    expect(args.slice(0, 2)).toEqual(['-w', 'com.apple.quarantine']);
    expect(args[2]).toMatch(/^0083;6553f100;Parley;[0-9A-F-]{36}$/);
    expect(args[3]).toBe('/Users/a/Downloads/a; rm -rf ~.pdf');
  });

  it('Linux: nothing to write', async () => {
    const { writer, calls } = recorder('linux');
    expect(await markFromInternet('/home/a/Downloads/a.pdf', writer)).toBe(false);
    expect(calls).toEqual([]);
    expect(markPlan('linux', '/x', 0, 'id')).toEqual({ kind: 'none' });
  });

  it('a file system that cannot carry the mark keeps the download', async () => {
    const { writer } = recorder('win32', true);
    expect(await markFromInternet('E:\\a.pdf', writer)).toBe(false);
  });
});
