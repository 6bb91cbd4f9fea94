import {
  bareOf,
  childIn,
  NS_MUC_USER,
  isMucPrivateMessage,
  parseDecline,
  parseInvitation,
  type Element,
  type IncomingMessage,
  type MessageEnvelope,
  type Session,
} from '@parley/xmpp';
import { isConfigChange } from '../omemo/omemo-room-eligibility.js';
import { PRIORITY, type StanzaRouter } from '../stanza-router.js';
import { handleRoomError } from './room-errors.js';
import type { Rooms } from './rooms.js';

/** Open invitations kept per account; strangers (not in the roster) may fill this many. */
export const MAX_INVITATIONS = 100;
export const MAX_STRANGER_INVITATIONS = 20;

/** Routes presence and messages that belong to group chats; the rest goes on to 1:1 handling. */
export class RoomStanzas {
  /** Rooms whose listed invitation came from a stranger (at most MAX_STRANGER_INVITATIONS). */
  private readonly fromStrangers = new Set<string>();

  constructor(private readonly rooms: Rooms) {}

  /** Before bookmarks, contact presence and 1:1 chats: a room's stanzas look like a contact's. */
  register(router: StanzaRouter): void {
    router.register({
      name: 'room-presence',
      kind: 'presence',
      priority: PRIORITY.rooms,
      handle: (session, stanza) => this.handlePresence(session, stanza),
    });
    router.register({
      name: 'room-messages',
      kind: 'message',
      priority: PRIORITY.rooms,
      handle: (session, message) => this.handleMessage(session, message),
    });
  }

  private handlePresence(session: Session, stanza: Element): boolean {
    const from = this.rooms.parse(stanza.attrs.from);
    if (!from) return false;
    const room = bareOf(from);
    if (!this.rooms.live.has(room)) return false;
    this.rooms.handlePresence(session, stanza, room);
    return true;
  }

  private handleMessage(session: Session, message: IncomingMessage): boolean {
    const rooms = this.rooms;
    // Addressed as it arrived: a carbon from a room is a forgery, not the room's message.
    const stanza = message.stanza;
    const envelope = message.envelope?.origin.kind === 'live' ? message.envelope : null;
    const from = rooms.parse(stanza.attrs.from);
    const type = stanza.attrs.type;
    const room = from ? bareOf(from) : '';
    if (type === 'groupchat' && from) {
      const live = rooms.live.get(room);
      // Only from rooms we are in; a groupchat message from anywhere else is noise or forgery.
      if (!live || (live.state !== 'joined' && live.state !== 'joining')) return true;
      live.lastActivity = Date.now();
      // A wrapper (carbon) dressed as a room message holds nothing for the room.
      if (!envelope) return true;
      // The room's own configuration change (no body): its features are read again.
      if (!from.resource && isConfigChange(envelope.parts.mucStatusCodes)) {
        void rooms.refreshInfo(session, room).catch(() => {});
      }
      this.typing(envelope, room);
      const sink = (op: () => (() => void) | void) => rooms.pipeline.batch.add(session, op);
      const effect = rooms.messages.ingestGroupchat(
        envelope,
        rooms.context(room),
        { kind: 'live' },
        sink,
      );
      if (effect?.kind === 'subject') this.subject(room, effect.subject, effect.nick);
      if (effect?.kind === 'system') {
        rooms.notice(room, {
          kind: 'config',
          nick: '',
          value: effect.body,
          actor: null,
          reason: null,
        });
      }
      return true;
    }
    const invitation = parseInvitation(stanza);
    if (invitation) {
      this.invited(invitation);
      return true;
    }
    if (parseDecline(stanza)) return true; // Someone declined our invitation: nothing to store.
    if (!from || !rooms.isRoom(room)) return false;
    // XEP-0045 §9.3 (example 195): the room announces the affiliation of someone not in it.
    if (
      !from.resource &&
      type !== 'error' &&
      rooms.live.get(room)?.state === 'joined' &&
      announcesAffiliation(stanza)
    ) {
      rooms.watcher.affiliationsChanged(room);
      return true;
    }
    if (type === 'error') {
      // Live only: an error inside a carbon or archive result answers nothing we sent now.
      if (!envelope) return true;
      // The room refusing what we sent it; from room/nick, a private message that bounced.
      if (!from.resource) handleRoomError(rooms, session, room, envelope);
      else rooms.pipeline.handleMessage(session, message);
      return true;
    }
    // A private message from an occupant (XEP-0045 §7.5), or from the room itself: never a 1:1
    // chat. The one-to-one pipeline stores it under room/nick (its conversationPeer asks the
    // rooms), as it does for the same message coming back from our archive or as a carbon.
    if (from.resource && (isMucPrivateMessage(stanza) || rooms.live.has(room))) {
      rooms.pipeline.handleMessage(session, message);
    }
    return true;
  }

  /**
   * An occupant typing (XEP-0085 §5.5). Only a bare notification counts: a message with a body
   * ends the typing where it is shown. Not our own (reflected), nor a delayed (history) one,
   * nor one from a nick not in the room.
   */
  private typing(envelope: MessageEnvelope, room: string): void {
    // Any body, even in a foreign namespace, means a message, not a typing notification.
    if (envelope.content.getChild('body')) return;
    const { chatState, body, delay } = envelope.parts;
    const nick = envelope.from?.resource || null;
    if (!chatState || nick === null || body !== null) return;
    if (delay !== null || nick === this.rooms.context(room).ownNick) return;
    // Only a present occupant (the occupant map is bounded), coalesced per occupant and turn.
    if (!this.rooms.live.get(room)?.occupants.has(nick)) return;
    this.rooms.pipeline.chatStates.offer(room, chatState, nick);
  }

  private subject(room: string, subject: string, nick: string | null): void {
    const { store, accountId } = this.rooms.scope;
    const live = this.rooms.live.get(room);
    const before = store.rooms.get(accountId, room)?.subject;
    store.rooms.update(accountId, room, { subject });
    this.rooms.subjects.reflected(room, subject);
    if (live?.subjectSeen && before !== subject) {
      this.rooms.notice(room, {
        kind: 'subject',
        nick: nick ?? '',
        value: subject,
        actor: null,
        reason: null,
      });
    }
    if (live) live.subjectSeen = true;
    this.rooms.emit(room);
  }

  /**
   * Kept until answered, one per room. Bounded (see MAX_INVITATIONS): a stranger's invitation
   * is dropped when strangers already fill their share, a contact's when the list is full;
   * a second invitation to a room already listed replaces it only when it comes from a
   * contact, and then it is announced again.
   */
  private invited(inv: NonNullable<ReturnType<typeof parseInvitation>>): void {
    const { accountId, bus, store } = this.rooms.scope;
    const live = this.rooms.live.get(inv.room);
    if (live?.state === 'joined') return; // Already there.
    const invitations = this.rooms.invitations;
    const fromContact = (jid: string) => {
      const address = this.rooms.parse(jid);
      return !!address && store.contacts.get(accountId, bareOf(address)) !== null;
    };
    const contact = fromContact(inv.from);
    const listed = invitations.get(inv.room);
    if (listed && (!contact || fromContact(listed.from))) return;
    if (!listed) {
      if (invitations.size >= MAX_INVITATIONS) return;
      // Rooms of strangers' invitations still listed (answered ones leave the map).
      for (const room of this.fromStrangers) {
        if (invitations.get(room) === undefined) this.fromStrangers.delete(room);
      }
      if (!contact && this.fromStrangers.size >= MAX_STRANGER_INVITATIONS) return;
    }
    if (contact) this.fromStrangers.delete(inv.room);
    else this.fromStrangers.add(inv.room);
    const invitation = {
      accountId,
      room: inv.room,
      from: inv.from,
      reason: inv.reason,
      password: inv.password,
      mode: inv.mode,
      receivedAt: Date.now(),
    };
    invitations.set(inv.room, invitation);
    bus.emit('invitation.received', invitation);
  }
}

/** A message from the room whose muc#user `<x>` names someone's affiliation. */
function announcesAffiliation(stanza: Element): boolean {
  const x = childIn(stanza, 'x', NS_MUC_USER);
  return !!x && childIn(x, 'item', NS_MUC_USER)?.attrs.affiliation !== undefined;
}
