import {
  OutgoingRefused,
  Session,
  buildCaps,
  buildEnableCarbons,
  buildOwnPresence,
  handleServiceIq,
  jid,
  ownDiscoInfo,
  parleyModules,
  openMessage,
  parseJid,
  type DiscoInfo,
  type Element,
  type OutgoingKind,
  type AsyncIncomingTransform,
  type IncomingTransform,
  type SessionStateChange,
} from '@parley/xmpp';
import type { ChatState, ConversationKind, OwnPresence } from '@parley/contract';
import { isTransientStoreFailure, type AccountRecord } from '@parley/store';
import { textError } from '../handler-types.js';
import type { AccountScope } from './account-scope.js';
import { disconnectedStatus, type ConnectionStatus } from './account-view.js';
import type { RuntimeContext } from './context.js';
import { AccountAvatars } from './avatars/account-avatars.js';
import { BlockingService } from './blocking/blocking-service.js';
import { CallService } from './calls/call-service.js';
import { CallVerification } from './calls/call-verification.js';
import { LegacySeal } from './omemo/legacy-seal.js';
import { DirectFileEncryption } from './files/direct/jet-omemo.js';
import { CallTimeline } from './calls/call-timeline.js';
import { IceServers } from './calls/ice-servers.js';
import { AccountFiles } from './files/account-files.js';
import { defaultDirectTransports } from './files/direct/available-transports.js';
import { DirectFiles } from './files/direct/direct-files.js';
import type { DirectTransportKind } from './files/direct/transport.js';
import { registerDirectFiles } from './files/direct/jingle-files.js';
import { filesGoEncrypted } from './files/conversation-lock.js';
import { HistorySync } from './history-sync.js';
import { MessageErrors } from './message-errors.js';
import { MessageIngress } from './message-ingress.js';
import { MessagePipeline } from './message-pipeline.js';
import { Outbox } from './outbox.js';
import { CallCaps } from './calls/call-caps.js';
import { PresenceHandler } from './presence-handler.js';
import { PresenceTracker } from './presence-tracker.js';
import { RosterSync } from './roster-sync.js';
import { BookmarksSync } from './rooms/bookmarks-sync.js';
import { Rooms } from './rooms/rooms.js';
import { sendOwnPresenceToRooms } from './rooms/room-own-presence.js';

import { routeOutgoing } from './rooms/route-outgoing.js';
import { SelfPing } from './rooms/self-ping.js';
import { OmemoAccount } from './omemo/omemo-account.js';
import { OmemoDecrypt } from './omemo/omemo-decrypt.js';
import { KeyTransports } from './omemo/omemo-key-transport.js';
import { OmemoChoice } from './omemo/omemo-choice.js';
import { OmemoEncrypt } from './omemo/omemo-encrypt.js';
import { OmemoRoomSupport } from './omemo/omemo-room-support.js';
import { PRIORITY, StanzaRouter } from './stanza-router.js';
import { NickBook } from './profiles/nick-book.js';
import { Profiles } from './profiles/profiles.js';

/** How long a stop waits for queued outgoing stanzas to be prepared and handed over. */
const DRAIN_BEFORE_STOP_MS = 3_000;

/** One account's live connection and the protocol parts wired to the store. */
export class AccountRuntime {
  status: ConnectionStatus = disconnectedStatus;
  readonly scope: AccountScope;
  readonly roster: RosterSync;
  readonly pipeline: MessagePipeline;
  readonly outbox: Outbox;
  readonly history: HistorySync;
  readonly presenceHandler: PresenceHandler;
  readonly rooms: Rooms;
  readonly bookmarks: BookmarksSync;
  readonly selfPing: SelfPing;
  readonly files: AccountFiles;
  /** Peer-to-peer file transfer (XEP-0234 over Jingle transports). */
  readonly directFiles: DirectFiles;
  /** The direct-transfer transports this account offers and announces. */
  private readonly directKinds: readonly DirectTransportKind[];
  /** Contacts', rooms' and our own avatars (XEP-0084, XEP-0153), cached by hash. */
  readonly avatars: AccountAvatars;
  /** XEP-0191/0377: the blocklist, and the drop of what blocked addresses still send. */
  readonly blocking: BlockingService;
  /** Audio/video call signalling (XEP-0353, Jingle); the renderer owns the media. */
  readonly calls: CallService;
  /** Legacy OMEMO for what rides in Jingle: call fingerprints, direct transfers' keys. */
  readonly legacySeal: LegacySeal;
  /** STUN/TURN servers from our server (XEP-0215), for the renderer's calls. */
  readonly iceServers: IceServers;
  /** Our OMEMO device: keys, publishing (when the `omemo` setting is on), others' devices. */
  readonly omemo: OmemoAccount;
  /** What decrypted messages leave to do: key transports, used prekeys replaced. */
  readonly keyTransports: KeyTransports;
  /** Each conversation's OMEMO lock (on by default once the contact has devices). */
  readonly omemoChoice: OmemoChoice;
  /** Profiles (vCard4, vcard-temp), contacts' nicks, their clients' version and time. */
  readonly profiles: Profiles;
  /**
   * The decrypt seam: run on every incoming message after its wrapper is taken off and before
   * its content is parsed. Empty until OMEMO plugs in.
   */
  readonly incomingTransforms: IncomingTransform[] = [];
  /**
   * The decrypt seam's asynchronous side (OMEMO): claimed messages are opened in the account's
   * order through the pipeline's ingress (see MessageIngress, IncomingTransforms).
   */
  get asyncTransforms(): AsyncIncomingTransform[] {
    return this.pipeline.transforms.list;
  }
  /** Each service registers the stanzas it handles; see PRIORITY for the order. */
  readonly router: StanzaRouter;
  /** Stanzas into the router, messages in order behind those still being decrypted. */
  private readonly incoming: MessageIngress;
  readonly messageErrors: MessageErrors;
  private session: Session | null = null;
  /** Roster, presence and outbox done for the server-side session (a resume keeps them). */
  private loginSynced = false;

  constructor(
    private readonly ctx: RuntimeContext,
    record: AccountRecord,
    private readonly onStatus: (status: ConnectionStatus) => void,
  ) {
    this.scope = {
      accountId: record.id,
      ownJid: record.jid,
      store: ctx.store,
      bus: ctx.bus,
      presence: new PresenceTracker(),
      nicks: new NickBook(),
      mamPageSize: ctx.mamPageSize,
      catchUpOverlapMs: ctx.catchUpOverlapMs,
    };
    this.roster = new RosterSync(this.scope);
    this.pipeline = new MessagePipeline(this.scope);
    this.outbox = new Outbox(this.scope, this.pipeline);
    this.messageErrors = new MessageErrors(this.scope);
    // A message a transform refused (cannot be encrypted) shows failed, with why.
    this.outbox.onRefused = (message, refusal) => this.messageErrors.refuse(message, refusal);
    this.pipeline.onBounce = (parsed, peer) => this.messageErrors.bounce(parsed, peer);
    this.history = new HistorySync(this.scope, this.pipeline);
    this.omemo = new OmemoAccount(this.scope);
    this.history.omemo = this.omemo;
    // Encrypted messages opened in the account's order, whether or not OMEMO is on for sending.
    this.keyTransports = new KeyTransports(this.scope, this.omemo, () => this.session);
    const decrypt = new OmemoDecrypt(this.scope, this.omemo, this.keyTransports);
    this.asyncTransforms.push(decrypt);
    this.omemoChoice = new OmemoChoice(this.scope);
    // With the lock on, a message's text leaves only encrypted (or not at all).
    const encrypt = new OmemoEncrypt(this.scope, this.omemo, this.omemoChoice, () => this.online);
    this.outbox.outgoing.addTransform('omemo', encrypt.transform);
    this.presenceHandler = new PresenceHandler(this.scope, this.roster, new CallCaps());
    this.profiles = new Profiles(this.scope, (contact) => this.roster.presenceChanged(contact));
    this.rooms = new Rooms(this.scope, this.pipeline, this.history.pages);
    // OMEMO in private group chats: the rooms' members, settings and senders.
    const omemoRooms = new OmemoRoomSupport(this.scope, this.rooms, this.omemoChoice);
    this.rooms.watcher = omemoRooms;
    this.omemoChoice.roomEligibility = (room) => omemoRooms.eligibility(room);
    encrypt.rooms = omemoRooms;
    decrypt.rooms = omemoRooms;
    this.bookmarks = new BookmarksSync(this.rooms);
    this.selfPing = new SelfPing(this.rooms, ctx.roomSelfPingMs);
    // Replies carry their quote and reference (XEP-0461), built by the reply section.
    this.outbox.route = (message) =>
      this.pipeline.extras.outgoing(message, routeOutgoing(this.rooms, message));
    // Private messages through a room (live, carbon or archived) stay under room/nick.
    this.pipeline.conversationOf = (address) => this.rooms.conversationOf(address);
    this.rooms.onJoined = (session) => this.outbox.flush(session);
    // Edits, reactions and markers go out as messages do; our pending edits go again with them.
    this.pipeline.sendThrough(this.outbox);
    this.outbox.afterFlush = (session) => this.pipeline.edits.outgoing.flush(session);
    this.files = new AccountFiles(this.scope, ctx.transfers, ctx.files, {
      online: () => this.online,
      // Stored with the attachment (the sender's card), sent as the text message would be.
      announce: (peer, attachment) =>
        this.outbox.queue(peer, attachment.url, this.online, this.kindOf(peer), attachment),
      say: (peer, body) => this.outbox.queue(peer, body, this.online, this.kindOf(peer)),
      // Under the conversation's OMEMO lock a file is uploaded encrypted (XEP-0454).
      encrypts: (peer) =>
        filesGoEncrypted(
          { lock: this.omemoChoice, devices: this.omemo.devices, online: () => this.online },
          peer,
          this.kindOf(peer) !== 'chat',
        ),
    });
    this.pipeline.onAttachment = (message) => this.files.autoDownload(message);
    this.directKinds = ctx.direct?.transports ?? defaultDirectTransports();
    this.directFiles = new DirectFiles(
      this.scope,
      this.pipeline,
      ctx.transfers,
      ctx.files,
      () => this.online,
      this.directKinds,
      ctx.direct?.timing,
    );
    this.avatars = new AccountAvatars(this.scope);
    this.avatars.onOwnChange = () => void this.resendPresence().catch(() => {});
    this.rooms.onInfo = (session, room, info) =>
      this.avatars.onRoomInfo(session, room, info.avatarHash ?? null);
    this.blocking = new BlockingService(this.scope);
    this.blocking.onPresenceGone = (bare) => {
      this.scope.presence.clear(bare);
      this.roster.presenceChanged(bare);
    };
    const callTimeline = new CallTimeline(this.scope, this.pipeline);
    // Archived JMI messages: calls we were not online for (missed), never chat messages.
    this.pipeline.features.register(callTimeline.feature);
    this.calls = new CallService(this.scope, () => this.online, callTimeline);
    this.legacySeal = new LegacySeal(this.scope, this.omemo);
    this.calls.verification = new CallVerification(this.scope, this.legacySeal, this.omemoChoice);
    this.directFiles.encryption = new DirectFileEncryption(this.legacySeal, this.omemoChoice);
    this.iceServers = new IceServers(this.scope);
    this.router = this.buildRouter();
    const { ingress, batch, transforms } = this.pipeline;
    this.incoming = new MessageIngress(this.router, ingress, batch, transforms);
  }

  private buildRouter(): StanzaRouter {
    const own = jid(this.scope.ownJid);
    const pages = this.history.pages;
    const router = new StanzaRouter((stanza) =>
      openMessage(stanza, {
        own,
        archiveOf: (queryId) => pages.archiveOf(queryId),
        transforms: this.incomingTransforms,
        asyncTransforms: this.pipeline.transforms.list,
      }),
    );
    this.blocking.register(router);
    this.history.register(router);
    this.rooms.register(router);
    this.bookmarks.register(router);
    this.profiles.register(router);
    this.presenceHandler.register(router);
    this.roster.register(router);
    this.pipeline.register(router);
    this.omemo.register(router);
    this.avatars.register(router);
    this.calls.register(router);
    registerDirectFiles(router, this.directFiles);
    router.register({
      name: 'service-iq',
      kind: 'iq',
      priority: PRIORITY.serviceIq,
      handle: (session, iq) => {
        // Answers what it knows (ping, version, time, disco) and refuses the rest (RFC 6120 §8.4).
        handleServiceIq(session, iq, { discoInfo: this.discoInfo() });
        return true;
      },
    });
    return router;
  }

  get online(): Session | null {
    return this.session?.state === 'online' ? this.session : null;
  }

  requireOnline(): Session {
    const session = this.online;
    if (!session) throw textError('not-connected', 'account.offline', { jid: this.scope.ownJid });
    return session;
  }

  /** What we announce: OMEMO's +notify only while the account's omemo setting is on. */
  private discoInfo(): DiscoInfo {
    // A transport (the data channel above all) is announced only where this backend has it, so
    // a peer never picks one we would refuse.
    const transports = {
      name: 'Direct file transports',
      features: this.directKinds.map((k) => k.feature),
    };
    return ownDiscoInfo('Parley', [...parleyModules({ omemo: this.omemo.enabled }), transports]);
  }

  /** The kind of conversation a stored peer is: a room, room/nick (private) or a contact. */
  private kindOf(peer: string): ConversationKind {
    const address = parseJid(peer);
    return address ? this.rooms.conversationOf(address).kind : 'chat';
  }

  /** Starts connecting; progress and failures arrive as status changes. */
  connect(): void {
    const record = this.ctx.store.accounts.get(this.scope.accountId);
    if (!record || this.session) return;
    const session = new Session({
      jid: record.jid,
      password: record.password,
      resource: record.resource,
      host: record.host,
      port: record.port,
      tlsMode: record.tlsMode,
      trust: { caPem: this.ctx.trustedCaPem, pinnedFingerprint256: record.pinnedFingerprint256 },
      proxy: record.proxy,
      ...(this.ctx.reconnect ? { reconnect: this.ctx.reconnect } : {}),
    });
    this.session = session;
    // Batched message writes are committed before the server hears that we have them, and no
    // count covers a message still being decrypted (the ingress holds it back).
    const { batch, ingress } = this.pipeline;
    session.setAckBarrier({
      flush: () => batch.flush(),
      defer: (answer) => ingress.defer(answer) || batch.deferAck(answer),
      settled: () => ingress.settled(),
    });
    session.on('state', (change) => this.onState(change));
    session.on('online', ({ resumed }) => void this.onOnline(session, resumed));
    session.on('stanza', (stanza) => this.onStanza(session, stanza));
    session.start().catch(() => {
      // The 'state' event already carries the reason in words.
    });
  }

  async disconnect(): Promise<void> {
    // What was queued before (a message sent just before quitting) is prepared and handed to
    // the session first, for a bounded time: an encryption cut off by the session's end
    // would refuse it (failed) instead of leaving it pending for the next session.
    if (this.session?.state === 'online') {
      await Promise.race([
        this.outbox.sequence.drained(),
        new Promise((resolve) => setTimeout(resolve, DRAIN_BEFORE_STOP_MS).unref()),
      ]);
    }
    const session = this.session;
    this.session = null;
    if (session) await session.stop().catch(() => {});
    this.history.stop();
    this.calls.stop();
    this.directFiles.stop();
    this.omemo.stop();
    this.avatars.stop();
    this.presenceHandler.reset();
    this.leaveRooms();
    this.setStatus(disconnectedStatus);
  }

  /** The account is removed: disconnect and let go of what listens to shared objects. */
  async dispose(): Promise<void> {
    await this.disconnect();
    this.omemo.dispose();
  }

  /** Sends our presence as stored (show, status, priority) when online. */
  async setPresence(presence: OwnPresence): Promise<void> {
    const session = this.online;
    if (!session) return;
    await session.send(this.presenceStanza(presence));
    await sendOwnPresenceToRooms(this.rooms, session, presence);
  }

  private priority(): number {
    return this.ctx.store.accounts.get(this.scope.accountId)?.priority ?? 0;
  }

  /** Our presence as it stands (after our avatar changed: its new hash, XEP-0153). */
  async resendPresence(): Promise<void> {
    const { store, accountId } = this.scope;
    await this.setPresence(
      store.accounts.get(accountId)?.ownPresence ?? { show: 'available', status: '' },
    );
  }

  private presenceStanza(presence: OwnPresence): Element {
    return ownPresenceStanza(
      presence,
      this.priority(),
      this.discoInfo(),
      this.avatars.presenceUpdate(),
    );
  }

  /**
   * A standalone chat state, built (and transformed) like every outgoing message and in line
   * behind them: it never overtakes the message it follows.
   */
  async sendChatState(peer: string, state: ChatState, kind: OutgoingKind = 'chat'): Promise<void> {
    const session = this.requireOnline();
    const build = () => ({ to: peer, kind, body: null, chatState: state });
    await this.outbox.send(session, build, false).catch((error: unknown) => {
      // A transform refused it (cannot be encrypted): a chat state is dropped silently; it is
      // not worth a failure shown to the user, and none goes out in the clear.
      if (!(error instanceof OutgoingRefused)) throw error;
    });
  }

  /** Offline: no room has us in it any more (a resumed session never went offline). */
  private leaveRooms(): void {
    this.rooms.session = null;
    this.selfPing.stop();
    this.rooms.reset();
  }

  private onState(change: SessionStateChange): void {
    if (change.state !== 'online') {
      this.presenceHandler.reset();
      // Rooms keep their state: a resumed session is still in them; a fresh one rejoins.
      this.rooms.session = null;
      this.selfPing.stop();
    }
    this.setStatus({
      state: change.state,
      error: change.error ?? null,
      untrustedCertificate: change.certificate ?? null,
    });
  }

  private setStatus(status: ConnectionStatus): void {
    this.status = status;
    this.onStatus(status);
  }

  /** A fresh session starts from nothing on the server side; a resumed one keeps it all. */
  private async onOnline(session: Session, resumed: boolean): Promise<void> {
    this.rooms.session = session;
    this.selfPing.start(session);
    if (resumed && this.loginSynced) {
      // The server kept our state and the session resends what it had in flight; only
      // messages written while we were offline still need to go, and a catch-up that a cut
      // ended early goes on from its cursor.
      this.outbox.flush(session);
      // Receipts that could not even be handed to the old link (it was already down).
      this.pipeline.resendReceipts(session);
      this.history.continueCatchUp(session).catch(() => {});
      return;
    }
    // A fresh session, or a resumed one whose login sync never finished (a store that could
    // not write, a cut): the sync runs (again). From here on a catch-up is owed, even if the
    // sync fails before it starts.
    this.loginSynced = false;
    this.history.expectCatchUp();
    // The server dropped us from every room with the old session.
    if (!resumed) this.rooms.reset();
    // Calls signalled over the old session cannot go on: their sids and devices are gone.
    if (!resumed) this.calls.stop();
    if (!resumed) this.directFiles.stop();
    const { store, accountId } = this.scope;
    const setup = async () => {
      // Carbons are enabled while the roster is fetched; roster before presence (RFC 6121
      // §4.2) so that contacts' presence finds them.
      const carbons = session.iq(buildEnableCarbons()).catch(() => {});
      // The blocklist before our presence: what blocked addresses send from then on is dropped.
      const blocklist = this.blocking.fetch(session).catch(() => {});
      await this.roster.fetch(session);
      await carbons;
      await blocklist;
      const own = store.accounts.get(accountId)?.ownPresence ?? { show: 'available', status: '' };
      await session.send(this.presenceStanza(own));
      // Our own avatar as PEP has it (another client of ours may have changed it).
      void this.avatars.onFreshSession(session).catch(() => {});
      // Our device and bundles (only with the omemo setting on); not awaited by the sync.
      void this.omemo.onFreshSession(session).catch(() => {});
      this.outbox.flush(session);
      this.pipeline.resendReceipts(session);
      // Rooms after our presence: bookmarks first, so autojoin rooms join with them.
      void this.joinRooms(session);
      this.loginSynced = true;
      // Only now: from our presence on, messages reach us live; whatever came before is in the
      // archive, and this catch-up ends after that point, so nothing falls between the two.
      // Cut short, it stays unfinished and goes on with the next session (resumed or not).
      await this.history.catchUp(session).catch(() => {});
    };
    try {
      await setup();
    } catch (error) {
      if (this.session === session && session.state === 'online') {
        console.error('[parley] login sync failed', error);
        // Still online (e.g. the store could not write): try the sync again a little later.
        if (isTransientStoreFailure(error)) this.retryLoginSync(session);
      }
    }
  }

  private retryLoginSync(session: Session): void {
    setTimeout(() => {
      const current = this.session === session && session.state === 'online';
      if (current && !this.loginSynced) void this.onOnline(session, true);
    }, this.history.retryMs).unref();
  }

  private async joinRooms(session: Session): Promise<void> {
    await this.bookmarks.fetch(session).catch((error: unknown) => {
      console.warn(`[parley] bookmarks: ${String(error)}`);
    });
    if (this.session === session && session.state === 'online') this.rooms.rejoinAll(session);
  }

  private onStanza(session: Session, stanza: Element): void {
    // From a blocked address: dropped before anything looks at it (XEP-0191, client side).
    if (this.blocking.refuses(stanza)) return;
    // Errors stay with their stanza; a transient store failure is rethrown (see route).
    this.incoming.handle(session, stanza);
  }
}

/**
 * Our presence, with XEP-0115 caps so contacts learn our features without asking each time,
 * our priority, and our avatar's XEP-0153 hash.
 */
function ownPresenceStanza(
  presence: OwnPresence,
  priority: number,
  info: DiscoInfo,
  photo: Element,
): Element {
  const stanza = buildOwnPresence({ ...presence, priority, caps: buildCaps(info) });
  stanza.append(photo);
  return stanza;
}
