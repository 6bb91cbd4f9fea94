import { randomUUID } from 'node:crypto';
import type { Invitation, Room, RoomNotice } from '@parley/contract';
import {
  bareOf,
  buildCaps,
  buildDiscoInfoQuery,
  buildInstantRoom,
  buildJoinPresence,
  buildLeavePresence,
  buildSubjectMessage,
  jid,
  NS_OCCUPANT_ID,
  parseDiscoInfo,
  parseJid,
  parseMucPresence,
  parseOccupantId,
  parseReactionRestrictions,
  parseRoomInfo,
  type Element,
  type JID,
  type MucPresence,
  type ReactionRestrictions,
  type Session,
} from '@parley/xmpp';
import { HandlerError, textError } from '../../handler-types.js';
import { conversationTarget, type ConversationTarget } from '../conversation-kind.js';
import { ownNick, type AccountScope } from '../account-scope.js';
import type { ArchivePages } from '../archive-pages.js';
import type { MessagePipeline } from '../message-pipeline.js';
import type { StanzaRouter } from '../stanza-router.js';
import { OccupantBatcher } from './occupant-batcher.js';
import { RoomHistory } from './room-history.js';
import { RoomLive, toRoomView, type RoomInfoView } from './room-live.js';
import { RoomMessages, type RoomContext } from './room-messages.js';
import { applyRoomPresence } from './room-presence.js';
import { RoomStanzas } from './room-stanzas.js';
import { SubjectChanges } from './subject-changes.js';

/** How long a join may take before we call it failed (a room answers in milliseconds). */
const JOIN_TIMEOUT_MS = 30_000;
/** Without an archive, the room's own join history, at most this many messages. */
const HISTORY_WITHOUT_ARCHIVE = 50;

export interface JoinOptions {
  password: string | null;
  /** Create the room: 'instant' unlocks it at once; 'configure' leaves it for rooms.submitConfig. */
  create?: 'instant' | 'configure';
}

/**
 * Who else follows a room's members and settings (OMEMO in private group chats): told of every
 * occupant presence, of affiliation changes the room announces, and of new disco#info.
 */
export interface RoomWatcher {
  presence(room: string, stanza: Element, presence: MucPresence): void;
  affiliationsChanged(room: string): void;
  infoChanged(room: string): void;
}

/** One account's group chats: joins, live occupant state, room messages and history. */
export class Rooms {
  readonly live = new Map<string, RoomLive>();
  readonly occupants: OccupantBatcher;
  readonly messages: RoomMessages;
  readonly history: RoomHistory;
  readonly invitations = new Map<string, Invitation>();
  /** Subject changes waiting for the room's answer. */
  readonly subjects = new SubjectChanges();
  private readonly stanzas: RoomStanzas;
  private readonly emitScheduled = new Set<string>();
  /** The account's session while online; null otherwise. */
  session: Session | null = null;
  /** Set by the account runtime: run after a room is joined (outbox flush). */
  onJoined: (session: Session, room: string) => void = () => {};
  /** Set by the account runtime (OMEMO): see RoomWatcher. */
  watcher: RoomWatcher = { presence() {}, affiliationsChanged() {}, infoChanged() {} };
  /** Set by the account runtime (avatars): a joined room's disco#info, read after the join and
   * after each configuration change it announces. */
  onInfo: (session: Session, room: string, info: RoomInfoView) => void = () => {};

  constructor(
    readonly scope: AccountScope,
    readonly pipeline: MessagePipeline,
    pages: ArchivePages,
  ) {
    this.occupants = new OccupantBatcher(scope.accountId, scope.bus);
    this.messages = new RoomMessages(scope, pipeline);
    this.history = new RoomHistory(scope, pages);
    this.stanzas = new RoomStanzas(this);
    // A nick's stay starts again when we (re)join (message features trust a nick only in it).
    pipeline.roomJoinedAt = (room) => this.live.get(room)?.joinedAt ?? 0;
    // Typing in a private chat through a room counts while its occupant is in the room.
    pipeline.knowsOccupant = (peer) => {
      const address = parseJid(peer);
      if (!address?.resource) return false;
      return !!this.live.get(bareOf(address))?.occupants.has(address.resource);
    };
  }

  /** A room we joined, are joining or keep a record of (bookmark, past join). */
  isRoom(bare: string): boolean {
    return this.live.has(bare) || this.scope.store.rooms.exists(this.scope.accountId, bare);
  }

  /**
   * Whether our typing is shown in a room: only a private group chat (members-only and
   * non-anonymous, as Conversations and Dino judge it), never a public channel where it would
   * tell strangers when we are at the keyboard.
   */
  sharesTyping(room: string): boolean {
    const live = this.live.get(room);
    const features = live?.info?.features;
    return live?.state === 'joined' && !!features?.membersOnly && !!features.nonAnonymous;
  }

  /** XEP-0444 §4: the reactions the room allows, as its disco#info said (null: any). */
  reactionRestrictions(room: string): ReactionRestrictions | null {
    return this.live.get(room)?.info?.reactionRestrictions ?? null;
  }

  /** The conversation of an address: a room, a private chat with its occupant, or a chat. */
  conversationOf(address: JID): ConversationTarget {
    return conversationTarget(address, (bare) => this.isRoom(bare));
  }

  view(room: string): Room {
    const record = this.scope.store.rooms.get(this.scope.accountId, room);
    if (!record) throw textError('not-found', 'room.unknown', { room });
    return toRoomView(this.scope.accountId, record, this.live.get(room) ?? null);
  }

  list(): Room[] {
    const { store, accountId } = this.scope;
    return store.rooms
      .list(accountId)
      .map((r) => toRoomView(accountId, r, this.live.get(r.jid) ?? null));
  }

  emit(room: string): void {
    const record = this.scope.store.rooms.get(this.scope.accountId, room);
    if (record) {
      this.scope.bus.emit(
        'room.changed',
        toRoomView(this.scope.accountId, record, this.live.get(room) ?? null),
      );
    }
  }

  /** Coalesced: a join burst changes the count thousands of times, the UI hears it once. */
  scheduleEmit(room: string): void {
    if (this.emitScheduled.has(room)) return;
    this.emitScheduled.add(room);
    setImmediate(() => {
      this.emitScheduled.delete(room);
      this.emit(room);
    });
  }

  notice(room: string, n: Omit<RoomNotice, 'accountId' | 'room' | 'timestamp'>): void {
    this.scope.bus.emit('room.notice', {
      accountId: this.scope.accountId,
      room,
      timestamp: Date.now(),
      ...n,
    });
  }

  liveRoom(room: string): RoomLive {
    let live = this.live.get(room);
    if (!live) this.live.set(room, (live = new RoomLive(room)));
    return live;
  }

  /** Join (or rejoin); resolves with the room once it answered, whatever the answer. */
  async join(session: Session, room: string, nick: string, options: JoinOptions): Promise<Room> {
    const { store, accountId } = this.scope;
    const info = await this.fetchInfo(session, room);
    if (info === 'missing' && !options.create) {
      const record = store.rooms.upsert(accountId, room, { nick }, { nick });
      const live = this.liveRoom(room);
      live.state = 'error';
      live.error = { code: 'not-found', message: 'The room does not exist. You can create it.' };
      live.suggestedNick = null;
      this.emit(room);
      return toRoomView(accountId, record, live);
    }
    if (info !== 'missing' && options.create) {
      throw textError('conflict', 'room.exists', { room });
    }
    store.rooms.upsert(
      accountId,
      room,
      { nick },
      { nick, password: options.password, joined: true },
    );
    const live = this.liveRoom(room);
    live.info = info === 'missing' || info === null ? live.info : info;
    live.state = 'joining';
    live.error = null;
    live.suggestedNick = null;
    live.requestedNick = nick;
    live.creating = options.create ?? null;
    live.subjectSeen = false;
    live.resetOccupants();
    this.occupants.reset(room);
    const outcome = new Promise<void>((resolve) => live.waiters.push(resolve));
    this.emit(room);
    const presence = store.accounts.get(accountId)?.ownPresence;
    const show = presence && presence.show !== 'available' ? presence.show : null;
    await session.send(
      buildJoinPresence({
        room,
        nick,
        password: options.password,
        ...this.historyRequest(room, live),
        show,
        status: presence?.status ?? '',
        caps: buildCaps(),
      }),
    );
    const timer = setTimeout(() => {
      if (live.state !== 'joining') return;
      live.state = 'error';
      live.error = { code: 'timeout', message: 'The room did not answer. Try again later.' };
      live.settle();
      this.emit(room);
    }, JOIN_TIMEOUT_MS);
    await outcome;
    clearTimeout(timer);
    return this.view(room);
  }

  /** Archived rooms send nothing on join (MAM fills in); others what we missed since. */
  private historyRequest(room: string, live: RoomLive): { maxStanzas?: number; since?: number } {
    if (live.info?.features.archived) return { maxStanzas: 0 };
    const newest = this.scope.store.messages.page(this.scope.accountId, room, {
      beforeId: null,
      limit: 1,
    }).messages[0];
    return newest ? { since: newest.timestamp + 1 } : { maxStanzas: HISTORY_WITHOUT_ARCHIVE };
  }

  /** disco#info of the room: its name and features, or 'missing' when there is no such room. */
  async fetchInfo(session: Session, room: string): Promise<RoomInfoView | 'missing' | null> {
    try {
      const info = parseDiscoInfo(await session.iq(buildDiscoInfoQuery(room), 10_000));
      if (!info) return null;
      const parsed = parseRoomInfo(info);
      if (!parsed.isRoom) return 'missing';
      const changeSubject = info.forms
        .flatMap((f) => f.fields)
        .find((f) => f.var === 'muc#roominfo_changesubject')?.values[0];
      return {
        name: parsed.name,
        description: parsed.description,
        features: parsed.features,
        occupantsMayChangeSubject: changeSubject === '1' || changeSubject === 'true',
        reactionRestrictions: parseReactionRestrictions(info),
        occupantIds: info.features.includes(NS_OCCUPANT_ID),
        avatarHash: parsed.avatarHash,
      };
    } catch (error) {
      const condition = (error as { condition?: string | null }).condition;
      return condition === 'item-not-found' ? 'missing' : null;
    }
  }

  /**
   * The room announced a configuration change (XEP-0045 §10.2.1, status 104/172/173/174): read
   * its disco#info again (members-only and non-anonymous decide OMEMO) and tell who follows.
   */
  async refreshInfo(session: Session, room: string): Promise<void> {
    const live = this.live.get(room);
    if (!live) return;
    const info = await this.fetchInfo(session, room);
    if (info && info !== 'missing') live.info = info;
    this.emit(room);
    this.watcher.infoChanged(room);
    // Only a fresh answer: an older one could name a photo the room has replaced since.
    if (info && info !== 'missing') this.onInfo(session, room, info);
  }

  async leave(session: Session | null, room: string): Promise<void> {
    const { store, accountId } = this.scope;
    const record = store.rooms.update(accountId, room, { joined: false });
    if (!record) throw textError('not-found', 'room.unknown', { room });
    const live = this.live.get(room);
    if (session && live && live.state !== 'left') {
      await session.send(buildLeavePresence(room, record.nick)).catch(() => {});
    }
    if (live) {
      live.state = 'left';
      live.error = null;
      this.subjects.cancel(room, 'You left the room before it answered.');
      live.resetOccupants();
      live.settle();
      this.occupants.reset(room);
    }
    this.emit(room);
  }

  /**
   * XEP-0045 §8.1: change the subject and wait for the room's answer, the new subject
   * reflected or a refusal naming our stanza (in words), never reporting success before it.
   */
  async setSubject(session: Session, room: string, subject: string): Promise<void> {
    if (this.live.get(room)?.state !== 'joined') {
      throw textError('not-connected', 'room.join-to-set-subject');
    }
    // Already so: a room need not announce a subject that did not change (Prosody does not,
    // when the same occupant sets it again), and then nothing would answer us.
    if (this.scope.store.rooms.get(this.scope.accountId, room)?.subject === subject) return;
    const id = randomUUID();
    const answered = this.subjects.wait(id, room, subject);
    // The room may answer before send() returns: the refusal is awaited below, not lost.
    answered.catch(() => {});
    try {
      await session.send(buildSubjectMessage(room, subject, id));
    } catch (error) {
      this.subjects.abandon(id);
      throw new HandlerError('not-connected', `Could not send the subject: ${String(error)}`);
    }
    await answered;
  }

  /** Drops a room that is neither joined nor bookmarked from the list. */
  forget(room: string): void {
    const { store, accountId, bus } = this.scope;
    const record = store.rooms.get(accountId, room);
    if (!record) return;
    if (record.bookmarked) throw textError('conflict', 'room.remove-bookmark-first');
    this.live.delete(room);
    store.rooms.remove(accountId, room);
    bus.emit('room.removed', { accountId, room });
  }

  /** Older messages of a room from its archive; whether nothing older is left. */
  scrollBack(session: Session, room: string, max: number): Promise<boolean> {
    return this.history.scrollBack(session, room, max, (envelope, source, sink) => {
      this.messages.ingestGroupchat(envelope, this.context(room), source, sink);
    });
  }

  /** Room presences, room messages, private messages through rooms and invitations. */
  register(router: StanzaRouter): void {
    this.stanzas.register(router);
  }

  /** One room presence: live state, occupant events, notices and follow-ups. */
  handlePresence(session: Session, stanza: Element, room: string): void {
    const live = this.live.get(room);
    const p = parseMucPresence(stanza);
    if (!live || !p) return;
    const { store, accountId } = this.scope;
    const record = store.rooms.get(accountId, room);
    if (!record) return;
    const out = applyRoomPresence(live, p, record.nick);
    this.watcher.presence(room, stanza, p);
    if (out.joined) this.watcher.affiliationsChanged(room);
    // XEP-0421: the id the room gives our own presence marks our messages, archived ones too.
    if (
      p.type === 'available' &&
      p.nick === (out.newOwnNick ?? record.nick) &&
      live.state === 'joined'
    ) {
      live.ownOccupantId = parseOccupantId(stanza);
    }
    if (out.upserted) this.occupants.upsert(room, out.upserted);
    if (out.removedNick !== null) {
      this.occupants.remove(room, out.removedNick);
      this.pipeline.features.occupantLeft(room, out.removedNick);
    }
    if (out.newOwnNick !== null) store.rooms.update(accountId, room, { nick: out.newOwnNick });
    if (out.removed) store.rooms.update(accountId, room, { joined: false });
    for (const n of out.notices) this.notice(room, n);
    if (out.joined) this.afterJoin(session, room, live, out.created);
    if (out.roomChanged || out.newOwnNick !== null) this.scheduleEmit(room);
  }

  private afterJoin(session: Session, room: string, live: RoomLive, created: boolean): void {
    const { store, accountId, bus } = this.scope;
    const record = store.rooms.get(accountId, room);
    const conversation = this.nameConversation(room, live.info?.name || record?.name || '');
    bus.emit('conversation.changed', conversation);
    const mode = live.creating;
    live.creating = created && mode === 'configure' ? 'configure' : null;
    const followUp = async () => {
      if (created && mode !== 'configure') await session.iq(buildInstantRoom(room));
      if (created || !live.info) {
        const info = await this.fetchInfo(session, room);
        if (info && info !== 'missing') live.info = info;
        this.emit(room);
      }
      this.watcher.infoChanged(room);
      if (live.info) this.onInfo(session, room, live.info);
      this.onJoined(session, room);
      if (live.info?.features.archived ?? !created) {
        await this.history.catchUp(session, room, (envelope, source, sink) => {
          this.messages.ingestGroupchat(envelope, this.context(room), source, sink);
        });
      }
    };
    followUp().catch((error: unknown) => {
      if (session.state === 'online')
        console.warn(`[parley] after joining ${room}: ${String(error)}`);
    });
  }

  /** The room's conversation, titled by its name, else by its local part (as Gajim does). */
  nameConversation(room: string, name: string) {
    const { store, accountId } = this.scope;
    return store.conversations.ensure(accountId, room, name || jid(room).local, 'room');
  }

  context(room: string): RoomContext {
    const record = this.scope.store.rooms.get(this.scope.accountId, room);
    const live = this.live.get(room);
    const inRoom = live?.state === 'joined' || live?.state === 'joining';
    return {
      room,
      ownNick: record?.nick ?? ownNick(this.scope),
      joinHistory: inRoom && !live.subjectSeen,
      ownOccupantId: live?.ownOccupantId ?? null,
    };
  }

  /** A fresh session: the server forgot our rooms; join again every room we were in. */
  rejoinAll(session: Session): void {
    for (const record of this.scope.store.rooms.list(this.scope.accountId)) {
      if (!record.joined && !(record.bookmarked && record.autojoin)) continue;
      const live = this.live.get(record.jid);
      // Joined or joining in this session already (the user was quicker than the login sync).
      if (live?.state === 'joining' || live?.state === 'joined') continue;
      void this.join(session, record.jid, record.nick, { password: record.password }).catch(
        (error: unknown) => console.warn(`[parley] rejoining ${record.jid}: ${String(error)}`),
      );
    }
  }

  /** The account went offline: nobody is in any room for us any more. */
  reset(): void {
    for (const [room, live] of this.live) {
      if (live.state === 'left' && live.occupants.size === 0) continue;
      live.state = 'left';
      this.subjects.cancel(room, 'The connection was lost before the room answered.');
      live.resetOccupants();
      live.settle();
      this.occupants.reset(room);
      this.emit(room);
    }
  }

  parse(text: string | undefined): JID | null {
    return parseJid(text);
  }
}
