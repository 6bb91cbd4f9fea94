// Direct (peer-to-peer, XEP-0234) file transfer of one account. Sending: pick the contact's
// device that takes it, put the file message in our timeline, run the sender (sender.ts) as a
// transfer. Receiving: a contact's session-initiate becomes a message with a direct attachment
// and waits for the user; files.download accepts it (receiver.ts), files.decline declines it.
// The Jingle iqs of these sessions are answered here (jingle-files.ts routes them).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { DirectSupport, Message, OutgoingFile, Transfer } from '@parley/contract';
import type { TransferRecord } from '@parley/store';
import { newId, parseJid, type Element, type JID, type Session } from '@parley/xmpp';
import { textError } from '../../../handler-types.js';
import type { AccountScope } from '../../account-scope.js';
import type { MessagePipeline } from '../../message-pipeline.js';
import type { FilesConfig } from '../config.js';
import { downloadsFolder } from '../downloads-folder.js';
import { TransferCancelled, TransferFailure } from '../http-common.js';
import { resolveSource } from '../sources.js';
import type { JobContext, Transfers } from '../transfers.js';
import { Mailbox, type DirectEntry, type OfferedFile } from './direct-entry.js';
import { sendJingle, useTransport } from './jingle-link.js';
import { PeerDevices } from './peer-devices.js';
import { runReceiver } from './receiver.js';
import { runSender, type DirectTiming } from './sender.js';
import type { DirectTransportKind } from './transport.js';

/** Offers waiting for the user, per contact: more is no person sending files. */
export const MAX_PENDING_PER_PEER = 8;
/** Sessions of the account at once, either way. */
const MAX_SESSIONS = 64;

export const DEFAULT_DIRECT_TIMING: DirectTiming = { offerMs: 30 * 60_000, stepMs: 30_000 };

export class DirectFiles {
  readonly sessions = new Map<string, DirectEntry>();
  private readonly devices: PeerDevices;
  private readonly timing: DirectTiming;

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
    this.timing = { ...timing, stallMs: timing.stallMs ?? config.stallMs };
  }

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
        const record = this.transfers.create({
          accountId: this.scope.accountId,
          peer,
          direction: 'upload',
          messageId: null,
          name: file.name,
          size: null,
          mediaType: null,
        });
        out.push(
          source instanceof TransferFailure
            ? this.transfers.fail(record.id, source.code, source.message)
            : this.transfers.fail(
                record.id,
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
      const entry = this.newEntry('initiator', found.device, peer, offered, found.kinds);
      entry.source = source.path;
      const message = this.record(peer, 'out', entry);
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
      this.sessions.set(entry.sid, entry);
      out.push(
        this.run(record.id, entry, (ctx) =>
          runSender(session, entry, ctx, this.timing, () => this.routeChanged(entry)),
        ),
      );
    }
    return out;
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
      this.failRecord(message, 'declined', 'You declined the file.');
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
    parts: { description: Element | null; transport: Element | null },
  ): 'ok' | 'too-many' {
    const conversation = from.bare().toString();
    const pending = [...this.sessions.values()].filter(
      (e) => e.conversation === conversation && e.state === 'offered',
    );
    if (pending.length >= MAX_PENDING_PER_PEER || this.sessions.size >= MAX_SESSIONS)
      return 'too-many';
    const entry = this.newEntry('responder', from, conversation, file, []);
    entry.sid = sid;
    entry.contentName = contentName;
    entry.offeredTransport = parts.transport;
    entry.description = parts.description;
    this.sessions.set(sid, entry);
    entry.messageId = this.record(conversation, 'in', entry).id;
    return 'ok';
  }

  /** The peer ended a session we hold: a waiting offer lapses, a running transfer stops. */
  terminated(entry: DirectEntry, failure: TransferFailure | null): void {
    if (entry.state === 'offered' && entry.role === 'responder') {
      this.end(entry);
      const message = this.scope.store.messages.get(this.scope.accountId, entry.messageId);
      if (message) this.failRecord(message, 'offer-gone', 'The sender withdrew the file.');
      return;
    }
    if (failure) entry.controller.abort(failure);
  }

  private newEntry(
    role: DirectEntry['role'],
    peer: JID,
    conversation: string,
    file: OfferedFile,
    kinds: DirectTransportKind[],
  ): DirectEntry {
    return {
      sid: newId(),
      role,
      peer,
      conversation,
      contentName: 'a-file-offer',
      file,
      messageId: '',
      transferId: null,
      kinds,
      description: null,
      offeredTransport: null,
      current: null,
      early: [],
      transport: null,
      state: 'offered',
      controller: new AbortController(),
      mailbox: new Mailbox(),
      source: null,
    };
  }

  /** The file message in the timeline (written and shown at once, like a call's row). */
  private record(peer: string, direction: 'in' | 'out', entry: DirectEntry): Message {
    const { store, accountId, bus } = this.scope;
    let stored: Message | null = null;
    this.pipeline.batch.add(null, () => {
      const { message } = store.messages.insert({
        accountId,
        peer,
        direction,
        body: '',
        timestamp: Date.now(),
        status: direction === 'out' ? 'acked' : 'received',
        attachment: {
          url: `jingle:${entry.sid}`,
          name: entry.file.name,
          size: entry.file.size,
          mediaType: entry.file.mediaType,
          sha256: entry.file.sha256,
          direct: true,
        },
      });
      stored = message;
      this.pipeline.noteForConversation(peer, message, direction === 'in');
      return () => bus.emit('message.added', message);
    });
    this.pipeline.batch.flush();
    if (!stored) throw new Error('the file message was not stored');
    return stored;
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
    this.transfers.setRoute(entry.transferId, { transport: entry.transport, encrypted: false });
  }

  private byMessage(messageId: string): DirectEntry | null {
    for (const entry of this.sessions.values()) if (entry.messageId === messageId) return entry;
    return null;
  }

  /** The offer cannot be taken any more: its download shows offer-gone. */
  private gone(message: Message, existing: TransferRecord | null): Transfer {
    return this.failRecord(
      message,
      'offer-gone',
      'The offer is no longer open: Parley restarted, or the sender withdrew it. Ask them to send it again.',
      existing,
    );
  }

  private failRecord(
    message: Message,
    code: 'offer-gone' | 'declined',
    words: string,
    existing: TransferRecord | null = this.scope.store.transfers.forMessage(
      this.scope.accountId,
      message.id,
    ),
  ): Transfer {
    const attachment = message.attachment;
    const record =
      existing ??
      this.transfers.create({
        accountId: this.scope.accountId,
        peer: message.peer,
        direction: 'download',
        messageId: message.id,
        name: attachment?.name ?? 'file',
        size: attachment?.size ?? null,
        mediaType: attachment?.mediaType ?? null,
        sha256: attachment?.sha256 ?? null,
        url: attachment?.url ?? null,
      });
    return this.transfers.fail(record.id, code, words);
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

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('base64');
}
