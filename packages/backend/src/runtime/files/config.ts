import type { ResolveHost } from './address-guard.js';
import type { MarkWriter } from './mark-of-the-web.js';

/** How file transfers behave in this backend (from BackendOptions). */
export interface FilesConfig {
  /** Where downloads land (created when missing). */
  downloadDir: string;
  /** Where bytes sent from the browser host are kept to upload (in the profile). */
  uploadDir: string;
  /** The dev/test CA, trusted in addition to the system's for HTTPS as for XMPP. */
  caPem: string | null;
  /** No byte moving for this long fails a transfer as stalled. */
  stallMs: number;
  /** A download without an announced size is cut off here. */
  maxDownloadBytes: number;
  /** Plain http to loopback (a local test server); never on in the desktop app. */
  allowLoopbackHttp: boolean;
  /**
   * Resolves a file grant (contract `fileGrant`) to the path the user dropped or picked, once;
   * null when it is unknown, used or expired. Only Electron main provides it: without it (the
   * WebSocket host) no file is ever read by path. Asynchronous when main is another process.
   */
  takeFileGrant: ((grant: string) => string | null | Promise<string | null>) | null;
  /** Opens a file with the system's handler (Electron's shell.openPath); null: not offered. */
  openFile: ((path: string) => Promise<void>) | null;
  /** Name resolution for the automatic-download address check (tests: no DNS). */
  resolveHost?: ResolveHost;
  /** Marks downloads as from the internet (tests: a recorder; default: this system's way). */
  markWriter?: MarkWriter;
  /**
   * Tests only: files sent to `peer` go XEP-0454-encrypted (aesgcm://) even with the
   * conversation's OMEMO lock off, their message then in the clear (the aesgcm:// interop
   * tests). Otherwise the lock decides, and the message carrying the URL is encrypted.
   */
  encryptFilesFor?: (accountId: string, peer: string) => boolean;
}

export const DEFAULT_STALL_MS = 30_000;
/** 4 GiB: larger than any file a server's upload limit lets through in practice. */
export const DEFAULT_MAX_DOWNLOAD_BYTES = 4 * 1024 ** 3;
