import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Result } from '@parley/contract';
import type { Store } from '@parley/store';
import { Accounts } from './accounts.js';
import { dispatch } from './dispatch.js';
import { EventBus, type EventListener } from './event-bus.js';
import type { HandlerMap } from './handler-types.js';
import { accountHandlers } from './handlers/accounts.js';
import { accountOptionHandlers } from './handlers/account-options.js';
import { avatarHandlers } from './handlers/avatars.js';
import { blockingHandlers } from './handlers/blocking.js';
import { callHandlers } from './handlers/calls.js';
import { directFileHandlers } from './handlers/direct-files.js';
import { defaultDirectTransports } from './runtime/files/direct/available-transports.js';
import { DEFAULT_DIRECT_TIMING } from './runtime/files/direct/direct-files.js';
import type { DirectTiming } from './runtime/files/direct/sender.js';
import type { DirectTransportKind } from './runtime/files/direct/transport.js';
import { fileHandlers } from './handlers/files.js';
import { messageEditHandlers } from './handlers/message-edits.js';
import { settingsHandlers } from './handlers/settings.js';
import { messageHandlers } from './handlers/messages.js';
import { omemoHandlers } from './handlers/omemo.js';
import { omemoTrustHandlers } from './handlers/omemo-trust.js';
import { profileHandlers } from './handlers/profiles.js';
import { roomCreateHandlers } from './handlers/room-create.js';
import { linkPreviewHandlers } from './handlers/link-preview.js';
import { roomHandlers } from './handlers/rooms.js';
import { rosterHandlers } from './handlers/roster.js';
import { searchHandlers } from './handlers/search.js';
import { serverToolsHandlers } from './handlers/server-tools.js';
import { inviteHandlers } from './handlers/invites.js';
import { signupHandlers } from './handlers/registration.js';
import type { ReconnectPolicy, RuntimeContext } from './runtime/context.js';
import {
  DEFAULT_MAX_DOWNLOAD_BYTES,
  DEFAULT_STALL_MS,
  type FilesConfig,
} from './runtime/files/config.js';
import { removeStaleParts } from './runtime/files/file-names.js';
import { removeOldUploadCopies } from './runtime/files/upload-copies.js';
import { RetractedFiles } from './runtime/files/retracted-files.js';
import { Transfers } from './runtime/files/transfers.js';
import { OpenedLinks } from './runtime/opened-links.js';
import { SearchIndexer } from './runtime/search-indexer.js';

export interface BackendOptions {
  store: Store;
  /** Dev/test host only: a CA trusted in addition to the system's, for a local test server. */
  trustedCaPem?: string | null;
  reconnect?: ReconnectPolicy;
  mamPageSize?: number;
  catchUpOverlapMs?: number;
  /** XEP-0410: self-ping a joined room after this much silence (default 2 minutes). */
  roomSelfPingMs?: number;
  /** Check every event against the contract (tests and development; off in production). */
  validateEvents?: boolean;
  /** Where downloads land; default: the user's Downloads folder (os.homedir()/Downloads). */
  downloadDir?: string;
  /** Electron main's file grants (files dropped or picked by the user): resolves a grant to
   * its path once. Without it no file is read by path (the WebSocket host). Asynchronous
   * when the backend runs in its own process and asks main. */
  takeFileGrant?: (grant: string) => string | null | Promise<string | null>;
  /** Opens a downloaded file with the system's handler (Electron: shell.openPath); without
   * it, files.open fails with words. */
  openFile?: (path: string) => Promise<void>;
  /** A transfer with no byte moving for this long fails as stalled (default 30 s). */
  transferStallMs?: number;
  /** Fetch and upload over plain http to loopback (a local test server). Off by default:
   * only the dev/test host turns it on; files are otherwise fetched over https only. */
  allowLoopbackHttp?: boolean;
  /** Tests only, until OMEMO decides per conversation: files to encrypt (XEP-0454). */
  encryptFilesFor?: (accountId: string, peer: string) => boolean;
  /**
   * Direct (XEP-0234) transfers: the transports to offer instead of the default ones (tests:
   * one that fails, one that corrupts a byte), and shorter waits.
   */
  directTransports?: readonly DirectTransportKind[];
  directTiming?: DirectTiming;
}

export interface Backend {
  /** Untrusted input from any transport: validated here, answered with a typed Result. */
  handle(name: unknown, payload: unknown): Promise<Result<unknown>>;
  onEvent(listener: EventListener): () => void;
  /** The system opened Parley with a link (untrusted text); false when it is no xmpp: URI. */
  openLink(uri: unknown): boolean;
  /** Connects every enabled account. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

function filesConfig(options: BackendOptions): FilesConfig {
  return {
    downloadDir: options.downloadDir ?? join(homedir(), 'Downloads'),
    // Beside the database: the profile is the one place that is ours to write.
    uploadDir: join(dirname(options.store.path), 'uploads'),
    caPem: options.trustedCaPem ?? null,
    stallMs: options.transferStallMs ?? DEFAULT_STALL_MS,
    maxDownloadBytes: DEFAULT_MAX_DOWNLOAD_BYTES,
    allowLoopbackHttp: options.allowLoopbackHttp ?? false,
    takeFileGrant: options.takeFileGrant ?? null,
    openFile: options.openFile ?? null,
    ...(options.encryptFilesFor ? { encryptFilesFor: options.encryptFilesFor } : {}),
  };
}

export function createBackend(options: BackendOptions): Backend {
  const bus = new EventBus(options.validateEvents ?? process.env['NODE_ENV'] !== 'production');
  const ctx: RuntimeContext = {
    store: options.store,
    bus,
    trustedCaPem: options.trustedCaPem ?? null,
    mamPageSize: options.mamPageSize ?? 100,
    catchUpOverlapMs: options.catchUpOverlapMs ?? 60_000,
    roomSelfPingMs: options.roomSelfPingMs ?? 120_000,
    transfers: new Transfers(options.store, bus),
    files: filesConfig(options),
    direct: {
      transports: options.directTransports ?? defaultDirectTransports(),
      timing: options.directTiming ?? DEFAULT_DIRECT_TIMING,
    },
    ...(options.reconnect ? { reconnect: options.reconnect } : {}),
  };
  const accounts = new Accounts(ctx);
  const retractedFiles = new RetractedFiles(ctx.store, bus, ctx.transfers, ctx.files);
  const links = new OpenedLinks(bus);
  const searchIndexer = new SearchIndexer(options.store);
  const signup = signupHandlers(accounts, ctx);
  const handlers: HandlerMap = {
    ...accountHandlers(accounts, ctx),
    ...accountOptionHandlers(accounts, ctx),
    ...rosterHandlers(accounts, ctx),
    ...messageHandlers(accounts, ctx),
    ...omemoHandlers(accounts),
    ...omemoTrustHandlers(accounts),
    ...profileHandlers(accounts),
    ...messageEditHandlers(accounts, ctx),
    ...roomHandlers(accounts, ctx),
    ...roomCreateHandlers(accounts),
    ...linkPreviewHandlers(accounts, ctx),
    ...fileHandlers(accounts, ctx),
    ...directFileHandlers(accounts, ctx),
    ...settingsHandlers(accounts, ctx),
    ...searchHandlers(accounts, ctx),
    ...serverToolsHandlers(accounts),
    ...inviteHandlers(accounts, ctx),
    ...signup.handlers,
    ...avatarHandlers(accounts, ctx),
    ...blockingHandlers(accounts, ctx),
    ...callHandlers(accounts),
    'links.take': () => links.take(),
  };
  return {
    handle: (name, payload) => dispatch(handlers, name, payload),
    onEvent: (listener) => ctx.bus.subscribe(listener),
    openLink: (uri) => links.offer(uri),
    async start() {
      // Left by a download that was under way when Parley last stopped.
      void removeStaleParts(ctx.files.downloadDir);
      void removeOldUploadCopies(ctx.files.uploadDir);
      // Copies of retracted files a crash left on disk.
      void retractedFiles.sweep();
      for (const record of ctx.store.accounts.list()) {
        if (record.enabled) accounts.runtime(record.id).connect();
      }
    },
    async stop() {
      searchIndexer.stop();
      signup.stop();
      // Partial downloads are removed before the store they report to closes.
      await ctx.transfers.stop();
      await retractedFiles.stop();
      await accounts.stopAll();
    },
  };
}
