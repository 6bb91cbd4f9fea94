/**
 * OMEMO in private group chats, one account's side (issue 10; XEP-0384 §5.8): which rooms allow
 * it (omemo-room-eligibility.ts), their members by real JID (omemo-room-members.ts), who sent an
 * encrypted room message (omemo-room-sender.ts). Follows the rooms runtime as its RoomWatcher;
 * the lock (OmemoChoice), the outgoing transform and the decryption ask it.
 */
import {
  OutgoingRefused,
  parseJid,
  type Element,
  type EnvelopeHead,
  type IqSender,
  type MucPresence,
  type OutgoingMessage,
} from '@parley/xmpp';
import type { AccountScope } from '../account-scope.js';
import type { RoomWatcher, Rooms } from '../rooms/rooms.js';
import type { DeviceDirectory } from './device-directory.js';
import type { OmemoChoice } from './omemo-choice.js';
import type { DeviceLists } from './omemo-recipients.js';
import { roomEligibility, type RoomEligibility } from './omemo-room-eligibility.js';
import { MAX_ROOM_MEMBERS, OmemoRoomMembers } from './omemo-room-members.js';
import {
  NO_OTHER_MEMBERS,
  PRIVATE_MESSAGE_REFUSED,
  tooManyMembers,
} from './omemo-room-recipients.js';
import { roomSenderOf } from './omemo-room-sender.js';
import type { BackendText, BackendTextId } from '@parley/contract';

const PRIVATE_CHAT_NOT_ENCRYPTED = { id: 'omemo.private-chat' } as const;

/** The refused message says why the room is not eligible, with what to do. */
const NOT_SENT: Partial<Record<BackendTextId, BackendTextId>> = {
  'omemo.room-private-needed': 'omemo.not-sent-room-private-needed',
  'omemo.room-not-known': 'omemo.not-sent-room-not-known',
  'omemo.private-chat': 'omemo.not-sent-private-chat',
};

export class OmemoRoomSupport implements RoomWatcher {
  readonly members: OmemoRoomMembers;

  constructor(
    private readonly scope: AccountScope,
    private readonly rooms: Rooms,
    private readonly choice: OmemoChoice,
    now: () => number = Date.now,
  ) {
    this.members = new OmemoRoomMembers(rooms, scope.ownJid, now);
  }

  /** Whether the room allows OMEMO now (its disco#info as last read), and why not. */
  eligibility(room: string): RoomEligibility {
    // A private chat with an occupant (room/nick) is no group chat: not encrypted.
    if (parseJid(room)?.resource) return { eligible: false, reason: PRIVATE_CHAT_NOT_ENCRYPTED };
    return roomEligibility(this.rooms.live.get(room)?.info?.features);
  }

  /** Why a message of this kind to the room may not go encrypted, in words; null: it may. */
  refusal(kind: OutgoingMessage['kind'], room: string): BackendText | null {
    if (kind !== 'groupchat') return PRIVATE_MESSAGE_REFUSED;
    const allowed = this.eligibility(room);
    if (allowed.eligible) return null;
    return { id: NOT_SENT[allowed.reason.id] ?? 'omemo.not-sent-rooms-unavailable' };
  }

  /**
   * Every member but us with their device lists (a list that cannot be fetched counts as
   * none); refused (OutgoingRefused) when there is nobody else or too many.
   */
  async recipients(
    send: IqSender,
    room: string,
    devices: DeviceDirectory,
  ): Promise<{ jid: string; lists: DeviceLists }[]> {
    const members = await this.members.members(send, room);
    if (members.length === 0) throw new OutgoingRefused(NO_OTHER_MEMBERS);
    if (members.length > MAX_ROOM_MEMBERS) {
      throw new OutgoingRefused(tooManyMembers(MAX_ROOM_MEMBERS));
    }
    const out: { jid: string; lists: DeviceLists }[] = [];
    for (const jid of members) {
      const lists = await devices.devicesOf(send, jid).catch(() => ({ legacy: [], v2: [] }));
      out.push({ jid, lists });
    }
    return out;
  }

  /** The real bare JID of an encrypted room message's sender, or null (see omemo-room-sender). */
  senderOf(head: EnvelopeHead): string | null {
    return roomSenderOf(head, {
      rooms: this.rooms,
      members: this.members,
      ownJid: this.scope.ownJid,
      ownNick: (room) => this.scope.store.rooms.get(this.scope.accountId, room)?.nick ?? null,
    });
  }

  presence(room: string, stanza: Element, presence: MucPresence): void {
    this.members.notePresence(room, stanza, presence);
  }

  affiliationsChanged(room: string): void {
    this.members.invalidate(room);
  }

  /** New disco#info: the lock's state (eligible or why not) is announced again. */
  infoChanged(room: string): void {
    this.choice.announce(room, true);
  }
}
