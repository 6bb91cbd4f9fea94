import type {
  MucAffiliation,
  MucRole,
  Occupant,
  Room,
  RoomErrorCode,
  RoomFeatures,
  RoomState,
} from '@parley/contract';
import type { RoomRecord } from '@parley/store';
import type { ReactionRestrictions } from '@parley/xmpp';

/** What the room's disco#info told us (XEP-0045 §6.4). */
export interface RoomInfoView {
  name: string;
  description: string;
  features: RoomFeatures;
  /** muc#roominfo_changesubject: occupants other than moderators may change the subject. */
  occupantsMayChangeSubject: boolean;
  /** XEP-0444 §4: which reactions the room allows (absent or null: any). */
  reactionRestrictions?: ReactionRestrictions | null;
  /** XEP-0421: the room stamps occupant ids (its own, never an occupant's). */
  occupantIds?: boolean;
  /** XEP-0486: its vCard photo's SHA-1; '' none; null or absent: the room does not say. */
  avatarHash?: string | '' | null;
}

/** A room's live state in this session: never stored, rebuilt on every join. */
export class RoomLive {
  state: RoomState = 'left';
  error: { code: RoomErrorCode; message: string } | null = null;
  suggestedNick: string | null = null;
  ownRole: MucRole = 'none';
  ownAffiliation: MucAffiliation = 'none';
  /** By nickname, in join order. */
  readonly occupants = new Map<string, Occupant>();
  info: RoomInfoView | null = null;
  /** Our occupant id in this room (XEP-0421), from our own presence; null if it has none. */
  ownOccupantId: string | null = null;
  /** The nick we asked for in the join in progress (the server may assign another, 210). */
  requestedNick: string | null = null;
  /** Created by us and still locked (201) until configured, or 'instant' to unlock at once. */
  creating: 'instant' | 'configure' | null = null;
  /** Presence or message from the room seen (self-ping can wait while the room talks). */
  lastActivity = 0;
  /** Join in progress: who waits for the outcome. */
  readonly waiters: Array<() => void> = [];
  /** The subject sent at the end of a join is the room's state, not news; later ones are. */
  subjectSeen = false;
  /** When we joined in this session: notices before it are the join burst, not news. */
  joinedAt = 0;
  /**
   * New nicks announced by a 303 whose presence has not come yet: that presence completes the
   * rename and is no "joined" notice. Bounded: a room can announce renames it never follows.
   */
  readonly renamedTo = new Set<string>();

  constructor(readonly jid: string) {}

  resetOccupants(): void {
    this.occupants.clear();
    this.renamedTo.clear();
    this.ownOccupantId = null;
    this.ownRole = 'none';
    this.ownAffiliation = 'none';
  }

  settle(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }
}

export function toRoomView(accountId: string, record: RoomRecord, live: RoomLive | null): Room {
  const role = live?.ownRole ?? 'none';
  const info = live?.info ?? null;
  return {
    accountId,
    jid: record.jid,
    // The user's name for it (their bookmark's, as Gajim and Dino show it) before the room's own.
    name: record.name || info?.name || '',
    description: info?.description ?? '',
    nick: record.nick,
    state: live?.state ?? 'left',
    error: live?.error ?? null,
    suggestedNick: live?.suggestedNick ?? null,
    subject: record.subject,
    canSetSubject:
      live?.state === 'joined' &&
      (role === 'moderator' ||
        (role === 'participant' && (info?.occupantsMayChangeSubject ?? false))),
    ownRole: role,
    ownAffiliation: live?.ownAffiliation ?? 'none',
    occupantCount: live?.occupants.size ?? 0,
    features: info?.features ?? null,
    bookmarked: record.bookmarked,
    autojoin: record.autojoin,
  };
}
