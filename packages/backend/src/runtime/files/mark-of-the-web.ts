import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';

/*
 * A downloaded file is marked as coming from the internet, as browsers mark theirs, so the
 * system treats it so when it is opened: Windows SmartScreen and Office's Protected View read
 * the Zone.Identifier stream, macOS Gatekeeper the com.apple.quarantine attribute. Linux desktops
 * have no such gate.
 */

/** The operating system calls that write a mark (a seam: tests record them instead). */
export interface MarkWriter {
  platform: NodeJS.Platform;
  /** Writes a file; on Windows `path:Zone.Identifier` names an NTFS alternate data stream. */
  writeFile(path: string, content: string): Promise<void>;
  /** Runs a program with arguments, no shell. */
  run(program: string, args: string[]): Promise<void>;
  /** Seconds since the epoch. */
  now(): number;
}

/** Zone 3 is "Internet": the zone Windows gives browser downloads. */
export const ZONE_IDENTIFIER = '[ZoneTransfer]\r\nZoneId=3\r\n';

/**
 * macOS quarantine value: flags;hex seconds;agent;event id. 0083 is what browsers write for a
 * download (quarantined, not yet user-approved).
 */
export function quarantineValue(seconds: number, eventId: string): string {
  return `0083;${Math.floor(seconds).toString(16)};Parley;${eventId}`;
}

export type MarkPlan =
  | { kind: 'ads'; path: string; content: string }
  | { kind: 'xattr'; program: string; args: string[] }
  | { kind: 'none' };

/** What marking `path` means on `platform`. */
export function markPlan(
  platform: NodeJS.Platform,
  path: string,
  seconds: number,
  eventId: string,
): MarkPlan {
  if (platform === 'win32') {
    return { kind: 'ads', path: `${path}:Zone.Identifier`, content: ZONE_IDENTIFIER };
  }
  if (platform === 'darwin') {
    const value = quarantineValue(seconds, eventId);
    return {
      kind: 'xattr',
      program: '/usr/bin/xattr',
      args: ['-w', 'com.apple.quarantine', value, path],
    };
  }
  return { kind: 'none' };
}

export const systemMarkWriter: MarkWriter = {
  platform: process.platform,
  writeFile: (path, content) => writeFile(path, content, { encoding: 'utf8' }),
  run: (program, args) =>
    new Promise((resolve, reject) => {
      execFile(program, args, { timeout: 10_000 }, (error) => (error ? reject(error) : resolve()));
    }),
  now: () => Date.now() / 1000,
};

/**
 * Marks a finished download as from the internet. A file system without streams or attributes
 * (FAT, a network share) cannot carry the mark: that is logged, the download stays.
 */
export async function markFromInternet(
  path: string,
  writer: MarkWriter = systemMarkWriter,
): Promise<boolean> {
  const plan = markPlan(writer.platform, path, writer.now(), randomUUID().toUpperCase());
  try {
    if (plan.kind === 'ads') await writer.writeFile(plan.path, plan.content);
    else if (plan.kind === 'xattr') await writer.run(plan.program, plan.args);
    else return false;
    return true;
  } catch (error) {
    console.warn(`[parley] could not mark ${path} as downloaded: ${String(error)}`);
    return false;
  }
}
