/**
 * Each conversation's lock (issue 10 "Users"): OMEMO on or off. Nothing chosen yet means the
 * default applies: on once the contact has OMEMO devices (as Conversations and Dino do), decided
 * when the conversation is opened or its first message is sent, and stored once decided, so a
 * contact's later device-list change never flips it silently. While the contact has no devices
 * nothing is stored: the default is decided again next time. The account's `omemo` setting must
 * be on for any of it.
 */
import {
  englishText,
  type ConversationEncryption,
  type OmemoConversationState,
} from '@parley/contract';
import type { AccountScope } from '../account-scope.js';
import { ROOM_NOT_KNOWN, type RoomEligibility } from './omemo-room-eligibility.js';
import { STORED, VERSIONS } from './own-keys.js';

/** What the default is, given what was chosen and what we know of the contact. */
export function defaultEncryption(
  chosen: ConversationEncryption | null,
  hasDevices: boolean,
): { encryption: ConversationEncryption; decided: boolean } {
  if (chosen !== null) return { encryption: chosen, decided: false };
  return hasDevices
    ? { encryption: 'omemo', decided: true }
    : { encryption: 'off', decided: false };
}

export class OmemoChoice {
  /** Whether a group chat allows OMEMO; set by the account runtime (OmemoRoomSupport). */
  roomEligibility: (room: string) => RoomEligibility = () => ({
    eligible: false,
    reason: ROOM_NOT_KNOWN,
  });

  constructor(
    private readonly scope: AccountScope,
    private readonly now: () => number = Date.now,
  ) {}

  get enabled(): boolean {
    return this.scope.store.settings.get('omemo', null);
  }

  /** Whether the user or the default chose for this conversation already. */
  chosen(peer: string): boolean {
    return this.scope.store.omemoConversations.get(this.scope.accountId, peer) !== null;
  }

  /** Whether `peer` has an active device on either list we hold. */
  hasDevices(peer: string): boolean {
    const { store, accountId } = this.scope;
    return VERSIONS.some((v) =>
      store.omemoDevices.list(accountId, peer, STORED[v]).some((d) => d.active),
    );
  }

  /**
   * The conversation's lock now, deciding (and storing, with an event) the default when nothing
   * was chosen and the contact has devices. Rooms are never turned on by default.
   */
  decide(peer: string, room = false): OmemoConversationState {
    const { store, accountId } = this.scope;
    const chosen = store.omemoConversations.get(accountId, peer);
    const hasDevices = !room && this.hasDevices(peer);
    const { encryption, decided } = defaultEncryption(chosen, hasDevices);
    if (decided && this.enabled) {
      store.omemoConversations.set(accountId, peer, encryption, this.now());
      const state = this.state(peer, encryption, true, hasDevices);
      this.scope.bus.emit('omemo.conversation.changed', state);
      return state;
    }
    return this.state(peer, chosen ?? 'off', chosen !== null, hasDevices, room);
  }

  /** The conversation's lock announced again (a room's eligibility changed). */
  announce(peer: string, room = false): void {
    this.scope.bus.emit('omemo.conversation.changed', this.decide(peer, room));
  }

  /** The user's choice; stored and announced. */
  set(peer: string, encryption: ConversationEncryption, room = false): OmemoConversationState {
    const { store, accountId } = this.scope;
    store.omemoConversations.set(accountId, peer, encryption, this.now());
    const hasDevices = !room && this.hasDevices(peer);
    const state = this.state(peer, encryption, true, hasDevices, room);
    this.scope.bus.emit('omemo.conversation.changed', state);
    return state;
  }

  private state(
    peer: string,
    encryption: ConversationEncryption,
    chosen: boolean,
    hasDevices: boolean,
    room = false,
  ): OmemoConversationState {
    const { accountId } = this.scope;
    const state = { accountId, peer, encryption, chosen, hasDevices, enabled: this.enabled };
    if (!room) return state;
    const { eligible, reason } = this.roomEligibility(peer);
    const words = reason ? englishText(reason) : null;
    return { ...state, room: { eligible, reason: words, reasonText: reason } };
  }
}
