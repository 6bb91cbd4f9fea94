export { openStore } from './store.js';
export type { OpenStoreOptions, Store } from './store.js';
export {
  StoreError,
  StoreKeyError,
  StoreCorruptError,
  StoreVersionError,
  StoreConflictError,
  isStoreWriteFailure,
  isTransientStoreFailure,
} from './errors.js';
export { canTransition } from './repositories/message-status.js';
export type {
  AccountRecord,
  NewAccountRecord,
  AccountPatch,
  AccountsRepository,
  ProxyRecord,
} from './repositories/accounts.js';
export type { ContactRecord, ContactInput, ContactsRepository } from './repositories/contacts.js';
export type { PendingSubscriptionsRepository } from './repositories/pending-subscriptions.js';
export type {
  NewMessage,
  InsertResult,
  PageRequest,
  MessagePage,
  MessagesRepository,
} from './repositories/messages.js';
export type {
  CorrectionWrite,
  EditTarget,
  MessageEditsRepository,
  OutgoingEdit,
  RetractionWrite,
} from './repositories/message-edits.js';
export type { RecordOptions, ConversationsRepository } from './repositories/conversations.js';
export type { RoomRecord, RoomPatch, RoomsRepository } from './repositories/rooms.js';
export type {
  TransferRecord,
  TransferPatch,
  TransfersRepository,
  FileToRemove,
} from './repositories/transfers.js';
export type { OrphanKey, OrphanEditsRepository } from './repositories/orphan-edits.js';
export type { SettingsRepository } from './repositories/settings.js';
export type {
  SearchRequest,
  SearchHit,
  SearchPage,
  MessageSearchRepository,
} from './repositories/message-search.js';
export { SearchCursorError, SEARCH_CATCH_UP } from './repositories/message-search.js';
export type { HighlightRange } from './repositories/search-query.js';
export type { MessageContextRepository } from './repositories/message-context.js';
export type { ReactionSet, SetOutcome, ReactionsRepository } from './repositories/reactions.js';
export type { ReplyRecord, RepliesRepository } from './repositories/replies.js';
export type { MarkerState, MarkersRepository } from './repositories/markers.js';
export type { MessageRefsRepository } from './repositories/message-refs.js';
export type {
  OmemoIdentityRecord,
  NewOmemoIdentity,
  OmemoIdentityRepository,
} from './repositories/omemo-identity.js';
export type {
  OmemoKeyPair,
  OmemoPrekeyRecord,
  OmemoSignedPrekeyRecord,
  OmemoPrekeysRepository,
} from './repositories/omemo-prekeys.js';
export type {
  OmemoDeviceRecord,
  ListedDevice,
  ListChange,
  OmemoDevicesRepository,
} from './repositories/omemo-devices.js';
export type {
  KeyChange as OmemoKeyChange,
  OmemoIdentityKeyRecord,
  OmemoTrustRepository,
} from './repositories/omemo-trust.js';
export type { OmemoSessionRecord, OmemoSessionsRepository } from './repositories/omemo-sessions.js';
export type { OmemoConversationsRepository } from './repositories/omemo-conversations.js';
export * as omemoTrustRules from './omemo-trust-rules.js';
export type {
  AvatarImage,
  AvatarMime,
  AvatarSource,
  AvatarUse,
  AvatarsRepository,
} from './repositories/avatars.js';
export type { BlockEntry, BlockOrigin, BlocklistRepository } from './repositories/blocklist.js';
export type { CallRow, CallLogRepository } from './repositories/call-log.js';
