import type Database from 'better-sqlite3-multiple-ciphers';
import { KEY_BYTES, openDatabase } from './database.js';
import { IdleCheckpoint } from './idle-checkpoint.js';
import { writeKeyCheck } from './key-check.js';
import { StoreCorruptError, isCorruptionError } from './errors.js';
import { migrate } from './migrations/index.js';
import { AccountsRepository } from './repositories/accounts.js';
import { AvatarsRepository } from './repositories/avatars.js';
import { BlocklistRepository } from './repositories/blocklist.js';
import { CallLogRepository } from './repositories/call-log.js';
import { ContactsRepository } from './repositories/contacts.js';
import { ConversationsRepository } from './repositories/conversations.js';
import { MessageEditsRepository } from './repositories/message-edits.js';
import { MessageContextRepository } from './repositories/message-context.js';
import { MessageSearchRepository } from './repositories/message-search.js';
import { MarkersRepository } from './repositories/markers.js';
import { MessageRefsRepository } from './repositories/message-refs.js';
import { MessagesRepository } from './repositories/messages.js';
import { OmemoConversationsRepository } from './repositories/omemo-conversations.js';
import { OmemoDevicesRepository } from './repositories/omemo-devices.js';
import { OmemoIdentityRepository } from './repositories/omemo-identity.js';
import { OmemoPrekeysRepository } from './repositories/omemo-prekeys.js';
import { OmemoSessionsRepository } from './repositories/omemo-sessions.js';
import { OmemoTrustRepository } from './repositories/omemo-trust.js';
import { PendingSubscriptionsRepository } from './repositories/pending-subscriptions.js';
import { ReactionsRepository } from './repositories/reactions.js';
import { RepliesRepository } from './repositories/replies.js';
import { RoomsRepository } from './repositories/rooms.js';
import { SettingsRepository } from './repositories/settings.js';
import { TransfersRepository } from './repositories/transfers.js';

export interface OpenStoreOptions {
  /** The profile's database file; created when missing. */
  path: string;
  /** 32 random bytes, kept by the OS keychain (Electron safeStorage). */
  key: Buffer;
}

export interface Store {
  readonly path: string;
  readonly accounts: AccountsRepository;
  readonly contacts: ContactsRepository;
  readonly pendingSubscriptions: PendingSubscriptionsRepository;
  readonly messages: MessagesRepository;
  /** Calls in the timeline (message rows with a CallLog). */
  readonly callLog: CallLogRepository;
  /** Corrections, retractions and their history. */
  readonly messageEdits: MessageEditsRepository;
  readonly conversations: ConversationsRepository;
  readonly rooms: RoomsRepository;
  readonly transfers: TransfersRepository;
  readonly settings: SettingsRepository;
  /** Full-text search over message bodies. */
  readonly messageSearch: MessageSearchRepository;
  /** Where a message sits in its conversation, for opening it in context. */
  readonly messageContext: MessageContextRepository;
  /** Reactions (XEP-0444), replies (XEP-0461), displayed markers (XEP-0333), wire ids. */
  readonly reactions: ReactionsRepository;
  readonly replies: RepliesRepository;
  readonly markers: MarkersRepository;
  readonly messageRefs: MessageRefsRepository;
  /**
   * OMEMO state. Every write works inside `transaction`, so the backend commits a message's
   * ratchet step, prekey use and trust change with the message itself.
   */
  readonly omemoIdentity: OmemoIdentityRepository;
  readonly omemoPrekeys: OmemoPrekeysRepository;
  readonly omemoDevices: OmemoDevicesRepository;
  readonly omemoTrust: OmemoTrustRepository;
  readonly omemoSessions: OmemoSessionsRepository;
  /** The encryption chosen per conversation. */
  readonly omemoConversations: OmemoConversationsRepository;
  /** Avatar images by SHA-1 and who shows which. */
  readonly avatars: AvatarsRepository;
  /** Blocked addresses per account (XEP-0191 and client-side blocks). */
  readonly blocklist: BlocklistRepository;
  /** Runs `fn` atomically; nested calls become savepoints. `fn` must be synchronous. */
  transaction<T>(fn: () => T): T;
  /** Folds the WAL back into the database file and truncates it (e.g. when idle). */
  checkpoint(): void;
  /**
   * Re-encrypts the whole file under `key` (e.g. a passphrase key of a higher cost). Atomic in
   * SQLite's rollback journal (the WAL is folded in first: ciphers cannot be changed in WAL mode).
   */
  rekey(key: Buffer): void;
  /** Checkpoints and closes; the store must not be used afterwards. Safe to call twice. */
  close(): void;
}

/**
 * Opens the encrypted store of one profile and brings its schema up to date.
 * @throws RangeError when the key is not 32 bytes
 * @throws StoreKeyError when the file exists but the key does not decrypt it
 * @throws StoreCorruptError when the key is right but the file is damaged
 * @throws StoreVersionError when the file comes from a newer Parley
 */
export function openStore({ path, key }: OpenStoreOptions): Store {
  // openDatabase treats a null key as "unencrypted"; a profile store must never end up there.
  if (!Buffer.isBuffer(key)) throw new RangeError('the store key must be a 32-byte Buffer');
  return createStore(openDatabase(path, key), path);
}

/** Migrates and wraps an open connection; closes it if migration fails. */
export function createStore(db: Database.Database, path: string): Store {
  try {
    migrate(db);
  } catch (err) {
    db.close();
    // The key was proven already: an unreadable page now means a damaged file.
    if (isCorruptionError(err)) throw new StoreCorruptError(`${path} is damaged: ${String(err)}`);
    throw err;
  }
  const messages = new MessagesRepository(db);
  const idleCheckpoint = new IdleCheckpoint(db);
  const store: Store = {
    path,
    accounts: new AccountsRepository(db),
    contacts: new ContactsRepository(db),
    pendingSubscriptions: new PendingSubscriptionsRepository(db),
    messages,
    callLog: new CallLogRepository(db, messages),
    messageEdits: new MessageEditsRepository(db),
    conversations: new ConversationsRepository(db),
    rooms: new RoomsRepository(db),
    transfers: new TransfersRepository(db),
    settings: new SettingsRepository(db),
    messageSearch: new MessageSearchRepository(db, messages),
    messageContext: new MessageContextRepository(db),
    reactions: new ReactionsRepository(db),
    replies: new RepliesRepository(db),
    markers: new MarkersRepository(db),
    messageRefs: new MessageRefsRepository(db),
    omemoIdentity: new OmemoIdentityRepository(db),
    omemoPrekeys: new OmemoPrekeysRepository(db),
    omemoDevices: new OmemoDevicesRepository(db),
    omemoTrust: new OmemoTrustRepository(db),
    omemoSessions: new OmemoSessionsRepository(db),
    omemoConversations: new OmemoConversationsRepository(db),
    avatars: new AvatarsRepository(db),
    blocklist: new BlocklistRepository(db),
    transaction: <T>(fn: () => T): T => db.transaction(fn)(),
    checkpoint: () => {
      db.pragma('wal_checkpoint(TRUNCATE)');
    },
    rekey: (key) => {
      if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES) {
        throw new RangeError(`the store key must be a ${KEY_BYTES}-byte Buffer`);
      }
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.pragma('journal_mode = DELETE');
      try {
        db.pragma(`rekey = "x'${key.toString('hex')}'"`);
      } finally {
        db.pragma('journal_mode = WAL');
      }
      writeKeyCheck(path, key);
    },
    close: () => {
      idleCheckpoint.stop();
      if (!db.open) return;
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
    },
  };
  return store;
}
