import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { basename, isAbsolute } from 'node:path';
import type { PickedFile } from '@parley/contract';

/** A drop or a pick is sent within seconds; a grant never outlives this. */
export const GRANT_TTL_MS = 10 * 60 * 1000;
/** Live grants per window at most; the oldest goes first (a flood costs bounded memory). */
export const MAX_GRANTS = 1_000;
const MAX_PATH_CHARS = 4096;

interface Entry {
  path: string;
  expiresAt: number;
}

/**
 * The files the user gave this window, by a real drop (the preload's
 * webUtils.getPathForFile) or main's open dialog, each behind an opaque random token. The
 * renderer only ever holds tokens: files.send resolves one once (take), so a compromised
 * renderer can send nothing but what the user chose, and each of those only once.
 */
export class FileGrants {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs = GRANT_TTL_MS,
    private readonly max = MAX_GRANTS,
    private readonly now: () => number = Date.now,
  ) {}

  /** A token for `path`; null when it is not an absolute path (nothing to grant). */
  grant(path: unknown): string | null {
    if (typeof path !== 'string' || path.length > MAX_PATH_CHARS) return null;
    if (path.includes('\0') || !isAbsolute(path)) return null;
    this.prune();
    while (this.entries.size >= this.max) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    // 24 bytes base64url: 32 characters, what the contract's fileGrant accepts.
    const token = randomBytes(24).toString('base64url');
    this.entries.set(token, { path, expiresAt: this.now() + this.ttlMs });
    return token;
  }

  /** The granted path, once; null when unknown, already used or expired. */
  take(token: unknown): string | null {
    if (typeof token !== 'string') return null;
    const entry = this.entries.get(token);
    if (!entry) return null;
    this.entries.delete(token);
    return entry.expiresAt > this.now() ? entry.path : null;
  }

  /** The window closed: nothing it was given stays usable. */
  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private prune(): void {
    const now = this.now();
    for (const [token, entry] of this.entries) {
      if (entry.expiresAt <= now) this.entries.delete(token);
    }
  }
}

/**
 * What main's open dialog returned, as grants with the name and size the renderer checks
 * against the server's limit. Anything that is not a regular file is left out.
 */
export async function grantPicked(
  paths: readonly string[],
  grants: FileGrants,
): Promise<PickedFile[]> {
  const picked: PickedFile[] = [];
  for (const path of paths.slice(0, MAX_GRANTS)) {
    try {
      const info = await stat(path);
      if (!info.isFile()) continue;
      const grant = grants.grant(path);
      if (grant) picked.push({ grant, name: basename(path), size: info.size });
    } catch {
      // Gone between the dialog and here: nothing to send.
    }
  }
  return picked;
}
