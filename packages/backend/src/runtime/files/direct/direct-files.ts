// Direct (peer-to-peer, XEP-0234) file transfer of one account. Sending: pick the contact's
// device that takes it, put the file message in our timeline, run the sender (sender.ts) as a
// transfer. Receiving: a contact's session-initiate becomes a message with a direct attachment
// and waits for the user; files.download accepts it (receiver.ts), files.decline declines it.
// The Jingle iqs of these sessions are answered here (jingle-files.ts routes them).
import type {
  DirectSupport,
  Message,
  OutgoingFile,
  Transfer,
  TransferErrorCode,
} from '@parley/contract';
import type { TransferRecord } from '@parley/store';
import { parseJid, type Element, type JID, type Session } from '@parley/xmpp';
import { textError } from '../../../handler-types.js';
import type { AccountScope } from '../../account-scope.js';
import type { MessagePipeline } from '../../message-pipeline.js';
import type { FilesConfig } from '../config.js';
import { downloadsFolder } from '../downloads-folder.js';
import { TransferCancelled, TransferFailure } from '../http-common.js';
import { resolveSource } from '../sources.js';
import type { JobContext, Transfers } from '../transfers.js';
import { newEntry, type DirectEntry, type OfferedFile } from './direct-entry.js';
import { failOffer, hashFile, recordFileMessage } from './direct-records.js';
import { sendJingle, useTransport } from './jingle-link.js';
import { PeerDevices } from './peer-devices.js';
import { runReceiver } from './receiver.js';
import { runSender, type DirectTiming } from './sender.js';
import type { DirectTransportKind } from './transport.js';
import type { DirectFileEncryption } from './jet-omemo.js';

/** Offers waiting for the user, per contact: more is no person sending files. */
export const MAX_PENDING_PER_PEER = 8;
/** Sessions of the account at once, either way. */
const MAX_SESSIONS = 64;

const CANNOT_ENCRYPT =
  'The conversation is encrypted, and the file could not be encrypted for any of the contact’s devices, so it was not sent.';

export const DEFAULT_DIRECT_TIMING: DirectTiming = { offerMs: 30 * 60_000, stepMs: 30_000 };

export class DirectFiles {
  readonly sessions = new Map<string, DirectEntry>();
  private readonly devices: PeerDevices;
  private readonly given: DirectTiming;

  constructor(
    readonly scope: AccountScope,
    private readonly pipeline: MessagePipeline,
    private readonly transfers: Transfers,
    private readonly config: FilesConfig,
    private readonly online: () => Session | null,
    readonly kinds: readonly DirectTransportKind[],
    timing: DirectTiming = DEFAULT_DIRECT_TIMING,
  ) {
    this.devices = new PeerDevices(scope);
    this.given = timing;
  }

  /** The timing given, its stall limit the files setting's unless a test set its own. */
  private get timing(): DirectTiming {
    return { ...this.given, stallMs: this.given.stallMs ?? this.config.stallMs };
  }

  /** JET-OMEMO for conversations that use OMEMO; set once the account's OMEMO exists. */
  encryption: DirectFileEncryption | null = null;

  private session(): Session {
    const session = this.online();
    if (!session) throw textError('not-connected', 'account.offline', { jid: this.scope.ownJid });
    return session;
  }

  async support(peer: string): Promise<DirectSupport> {
    const found = await this.devices.find(this.session(), peer, this.kinds);
    return { supported: found !== null, transports: found?.kinds.map((k) => k.kind) ?? [] };
  }

  /** One offer per file to the contact's device that takes direct transfers. */
  async send(peer: string, files: OutgoingFile[]): Promise<Transfer[]> {
    const session = this.session();
    const found = await this.devices.find(session, peer, this.kinds);
    const out: Transfer[] = [];
    for (const file of files) {
      const source = await resolveSource(file, this.config).catch((error: unknown) => {
        if (error instanceof TransferFailure) return error;
        throw error;
      });
      if (source instanceof TransferFailure || !found) {
        out.push(
          source instanceof TransferFailure
            ? this.notSent(peer, file.name, source.code, source.message)
            : this.notSent(
                peer,
                file.name,
                'peer-unreachable',
                'No device of this contact takes files directly now.',
              ),
        );
        continue;
      }
      const sha256 = await hashFile(source.path);
      const offered: OfferedFile = {
        name: source.name,
        size: source.size,
        mediaType: source.mediaType,
        sha256,
      };
      const entry = newEntry(
        this.scope.accountId,
        'initiator',
        found.device,
        peer,
        offered,
        found.kinds,
      );
      entry.source = source.path;
      if (this.encryption?.wanted(peer)) {
        // Sealed before the offer exists: a file that cannot go encrypted does not go at all.
        const sealed = await this.encryption.offer((iq) => session.iq(iq), peer, entry.contentName);
        if (!sealed) {
          out.push(this.notSent(peer, source.name, 'cannot-encrypt', CANNOT_ENCRYPT));
          continue;
        }
        entry.secret = sealed.secret;
        entry.security = sealed.security;
      }
      const message = recordFileMessage(this.scope, this.pipeline, peer, 'out', entry);
      entry.messageId = message.id;
      const record = this.transfers.create({
        accountId: this.scope.accountId,
        peer,
        direction: 'upload',
        messageId: message.id,
        name: source.name,
        size: source.size,
        mediaType: source.mediaType,
        sha256,
        url: `jingle:${entry.sid}`,
        localPath: source.path,
      });
      entry.transferId = record.id;
      // Its card says "encrypted" from the start, before any transport is chosen.
      if (entry.secret) this.routeChanged(entry);
      this.sessions.set(entry.sid, entry);
      out.push(
        this.run(record.id, entry, (ctx) =>
          runSender(session, entry, ctx, this.timing, () => this.routeChanged(entry)),
        ),
      );
    }
    return out;
  }

  /** A file that was not offered at all: its transfer failed at once, with why. */
  private notSent(peer: string, name: string, code: TransferErrorCode, message: string): Transfer {
    const record = this.transfers.create({
      accountId: this.scope.accountId,
      peer,
      direction: 'upload',
      messageId: null,
      name,
      size: null,
      mediaType: null,
    });
    return this.transfers.fail(record.id, code, message);
  }

  /** files.download on a direct attachment: the user takes the offer. */
  accept(messageId: string): Transfer {
    const { store, accountId } = this.scope;
    const message = store.messages.get(accountId, messageId);
    const entry = this.byMessage(messageId);
    const existing = store.transfers.forMessage(accountId, messageId);
    if (existing && this.transfers.isRunning(existing.id)) return this.view(existing);
    if (!message?.attachment?.direct) throw textError('not-found', 'file.no-message');
    if (!entry || entry.state !== 'offered' || entry.role !== 'responder') {
      // A restart, or the sender withdrew it: nothing can be received any more.
      return this.gone(message, existing);
    }
    const record =
      existing ??
      this.transfers.create({
        accountId,
        peer: message.peer,
        direction: 'download',
        messageId,
        name: entry.file.name,
        size: entry.file.size,
        mediaType: entry.file.mediaType,
        sha256: entry.file.sha256,
        url: `jingle:${entry.sid}`,
      });
    entry.transferId = record.id;
    entry.state = 'accepted';
    const session = this.session();
    return this.run(record.id, entry, async (ctx) =>
      runReceiver(session, entry, ctx, {
        dir: await downloadsFolder(store, this.config.downloadDir),
        timing: this.timing,
        kinds: this.kinds,
        onTransport: () => this.routeChanged(entry),
        openSecret: (sealed, keyBytes) =>
          this.encryption?.open(entry.conversation, sealed, keyBytes) ?? Promise.resolve(null),
      }),
    );
  }

  /** files.decline: the offer is turned down and the sender told (again: no harm). */
  async decline(messageId: string): Promise<void> {
    const message = this.scope.store.messages.get(this.scope.accountId, messageId);
    if (!message?.attachment?.direct || message.direction !== 'in') {
      throw textError('not-found', 'file.no-message');
    }
    const entry = this.byMessage(messageId);
    if (entry && entry.state !== 'offered') return;
    if (!this.scope.store.transfers.forMessage(this.scope.accountId, messageId)) {
      failOffer(this.scope, this.transfers, message, 'declined', 'You declined the file.');
    }
    if (!entry) return;
    this.end(entry);
    const session = this.online();
    if (session) {
      await sendJingle(session, entry, 'session-terminate', { reason: 'decline' }).catch(() => {});
    }
  }

  /** A stranger's or a contact's session-initiate that offers a file (already checked). */
  offer(
    from: JID,
    sid: string,
    contentName: string,
    file: OfferedFile,
    parts: {
      description: Element | null;
      transport: Element | null;
      security: { keyBytes: number; encrypted: Element } | null;
    },
  ): 'ok' | 'too-many' {
    const conversation = from.bare().toString();
    const pending = [...this.sessions.values()].filter(
      (e) => e.conversation === conversation && e.state === 'offered',
    );
    if (pending.length >= MAX_PENDING_PER_PEER || this.sessions.size >= MAX_SESSIONS)
      return 'too-many';
    const entry = newEntry(this.scope.accountId, 'responder', from, conversation, file, []);
    entry.sid = sid;
    entry.contentName = contentName;
    entry.offeredTransport = parts.transport;
    entry.description = parts.description;
    entry.security = parts.security?.encrypted ?? null;
    entry.securityKeyBytes = parts.security?.keyBytes ?? 0;
    this.sessions.set(sid, entry);
    entry.messageId = recordFileMessage(this.scope, this.pipeline, conversation, 'in', entry).id;
    return 'ok';
  }

  /** The peer ended a session we hold: a waiting offer lapses, a running transfer stops. */
  terminated(entry: DirectEntry, failure: TransferFailure | null): void {
    if (entry.state === 'offered' && entry.role === 'responder') {
      this.end(entry);
      const message = this.scope.store.messages.get(this.scope.accountId, entry.messageId);
      if (message)
        failOffer(
          this.scope,
          this.transfers,
          message,
          'offer-gone',
          'The sender withdrew the file.',
        );
      return;
    }
    if (failure) entry.controller.abort(failure);
  }

  /** Runs a transfer job for the session; whatever way it ends, the session ends with it. */
  private run(
    id: string,
    entry: DirectEntry,
    job: (ctx: JobContext) => Promise<import('@parley/store').TransferPatch>,
  ): Transfer {
    const wrapped = async (ctx: JobContext) => {
      const onCancel = () => entry.controller.abort(new TransferCancelled());
      ctx.signal.addEventListener('abort', onCancel, { once: true });
      try {
        return await job(ctx);
      } catch (error) {
        const reason: unknown = entry.controller.signal.reason;
        const cause = entry.controller.signal.aborted && reason instanceof Error ? reason : error;
        // Ours to tell the peer: a cancel here, or a failure they have not heard of.
        const session = this.online();
        if (entry.state !== 'ended' && session) {
          const why = cause instanceof TransferCancelled ? 'cancel' : 'failed-application';
          await sendJingle(session, entry, 'session-terminate', { reason: why }).catch(() => {});
        }
        throw cause;
      } finally {
        ctx.signal.removeEventListener('abort', onCancel);
        this.end(entry);
      }
    };
    return this.transfers.run(id, wrapped, { slot: false });
  }

  private end(entry: DirectEntry): void {
    entry.state = 'ended';
    useTransport(entry, null);
    if (!entry.controller.signal.aborted) entry.controller.abort(new TransferCancelled());
    this.sessions.delete(entry.sid);
  }

  /** The transport in use changed: the transfer's card says which. */
  private routeChanged(entry: DirectEntry): void {
    if (!entry.transferId) return;
    this.transfers.setRoute(entry.transferId, {
      transport: entry.transport,
      encrypted: entry.secret !== null,
    });
  }

  private byMessage(messageId: string): DirectEntry | null {
    for (const entry of this.sessions.values()) if (entry.messageId === messageId) return entry;
    return null;
  }

  /** The offer cannot be taken any more: its download shows offer-gone. */
  private gone(message: Message, existing: TransferRecord | null): Transfer {
    return failOffer(
      this.scope,
      this.transfers,
      message,
      'offer-gone',
      'The offer is no longer open: Parley restarted, or the sender withdrew it. Ask them to send it again.',
      existing,
    );
  }

  private view(record: TransferRecord): Transfer {
    return this.transfers.view(record);
  }

  /** Offline: every session ends (their sids and devices are gone with the XMPP session). */
  stop(): void {
    for (const entry of [...this.sessions.values()]) {
      if (entry.state === 'offered' && entry.role === 'responder') {
        this.terminated(entry, null);
        continue;
      }
      entry.controller.abort(
        new TransferFailure(
          'not-connected',
          'The account went offline; a direct transfer cannot resume.',
        ),
      );
    }
    this.devices.clear();
  }

  /**
   * `device` (a full JID) went offline: the offers still waiting on it lapse (ours to it fail as
   * unreachable, its to us are offer-gone). A running transfer ends by its own signalling.
   */
  deviceGone(device: string): void {
    for (const entry of [...this.sessions.values()]) {
      if (entry.state !== 'offered' || entry.peer.toString() !== device) continue;
      if (entry.role === 'responder') this.terminated(entry, null);
      else {
        entry.controller.abort(
          new TransferFailure(
            'peer-unreachable',
            'Their device went offline before taking the file.',
          ),
        );
      }
    }
  }

  /** For the router: the session of `sid`, when `from` is its device. */
  entryFor(sid: string, from: JID): DirectEntry | null {
    const entry = this.sessions.get(sid);
    return entry && entry.peer.equals(from) ? entry : null;
  }

  /** The account's own bare JID and roster contacts may offer files; nobody else. */
  mayOffer(from: JID): boolean {
    const bare = from.bare().toString();
    if (bare === parseJid(this.scope.ownJid)?.bare().toString()) return true;
    return this.scope.store.contacts.get(this.scope.accountId, bare) !== null;
  }
}
