import { existsSync } from 'node:fs';
import { AESGCM_TAG_BYTES, encryptedSize } from '@parley/omemo/media';
import type { Message, OutgoingFile, SealedAttachment, Transfer } from '@parley/contract';
import type { TransferPatch, TransferRecord } from '@parley/store';
import { jid, type ProxyConfig, type Session, type UploadServiceInfo } from '@parley/xmpp';
import { textError } from '../../handler-types.js';
import type { AccountScope } from '../account-scope.js';
import {
  automaticFetchRefusal,
  guardedLookup,
  proxiedFetchRefusal,
  resolveHost,
  ServerAddresses,
} from './address-guard.js';
import type { FilesConfig } from './config.js';
import { downloadsFolder } from './downloads-folder.js';
import { encryptedFetchUrl, fileKeyOf } from './encrypted-files.js';
import { autoDownloadKind, headMatches } from './file-kinds.js';
import { safeDiskName } from './file-names.js';
import { TransferFailure, fetchableUrl } from './http-common.js';
import { downloadFile, type GetRequest } from './http-download.js';
import { markFromInternet } from './mark-of-the-web.js';
import { guessMediaType, resolveSource, type UploadSource } from './sources.js';
import type { JobContext, Transfers } from './transfers.js';
import { checkSize, uploadJob, type UploadDeps } from './upload-job.js';
import { UploadServiceCache } from './upload-service.js';

export interface AccountFilesDeps {
  online(): Session | null;
  /** Stores the message announcing an uploaded file and sends it (routing rooms and PMs). */
  announce(peer: string, attachment: SealedAttachment): Message;
  /** Stores and sends a text message (a file's caption, right after the file). */
  say(peer: string, body: string): Message;
  /**
   * Whether files to `peer` go encrypted (XEP-0454): the conversation's OMEMO lock
   * (conversation-lock.ts). Asked as an upload starts, and again for each retry.
   */
  encrypts(peer: string): Promise<boolean>;
}

/** Captions waiting for their upload; more uploads than this waiting is not a person typing. */
const MAX_WAITING_CAPTIONS = 1_000;

/**
 * One account's file transfers: sending (XEP-0363 upload, then the message), downloading what
 * messages announce, and the automatic download of small media from roster contacts. The
 * transfers themselves run in the backend-wide Transfers.
 */
/** How long the addresses of our own server are trusted before they are looked up again. */
const SERVER_ADDRESSES_TTL_MS = 5 * 60_000;

export class AccountFiles {
  private readonly service: UploadServiceCache;
  private readonly uploadDeps: UploadDeps;
  private serverAddressCache: { at: number; addresses: Promise<ServerAddresses> } | null = null;
  /** Per upload not yet announced, the caption to send after it (kept across a retry). */
  private readonly captions = new Map<string, string>();
  /** Uploads to encrypt (XEP-0454), kept across a retry like the captions. */
  private readonly encrypted = new Set<string>();

  constructor(
    private readonly scope: AccountScope,
    private readonly transfers: Transfers,
    private readonly config: FilesConfig,
    private readonly deps: AccountFilesDeps,
  ) {
    this.service = new UploadServiceCache(jid(scope.ownJid).domain);
    this.uploadDeps = {
      config,
      online: deps.online,
      uploadService: (session) => this.service.get(session),
      announce: deps.announce,
      proxy: () => this.proxy(),
    };
  }

  uploadService(session: Session): Promise<UploadServiceInfo | null> {
    return this.service.get(session);
  }

  /**
   * One transfer per file, in order; a file that cannot go is a failed transfer with words.
   * `encrypt`: each file goes as XEP-0454 ciphertext, announced by its aesgcm:// URL only. By
   * default the conversation's OMEMO lock decides (the message itself, its body only the URL,
   * is then encrypted by the outgoing OMEMO transform).
   */
  async send(
    peer: string,
    files: OutgoingFile[],
    options: { encrypt?: boolean } = {},
  ): Promise<Transfer[]> {
    const session = this.uploadDeps.online();
    // Known up front when online, so a file over the limit is refused before anything moves.
    const service = session ? await this.service.get(session).catch(() => null) : null;
    const encrypt = options.encrypt ?? (await this.encryptsNow(peer));
    const out: Transfer[] = [];
    for (const file of files) out.push(await this.sendOne(peer, file, service, { encrypt }));
    return out;
  }

  private async sendOne(
    peer: string,
    file: OutgoingFile,
    service: UploadServiceInfo | null,
    options: { encrypt?: boolean },
  ): Promise<Transfer> {
    let source: UploadSource | null = null;
    let failure: TransferFailure | null = null;
    try {
      source = await resolveSource(file, this.config);
      if (service) checkSize(options.encrypt ? encryptedSize(source.size) : source.size, service);
    } catch (error) {
      if (!(error instanceof TransferFailure)) throw error;
      failure = error;
    }
    const name = source?.name ?? safeDiskName(file.name);
    const record = this.transfers.create({
      accountId: this.scope.accountId,
      peer,
      direction: 'upload',
      messageId: null,
      name,
      size: source?.size ?? null,
      mediaType: source?.mediaType ?? guessMediaType(name),
      localPath: source?.path ?? null,
    });
    if (failure) return this.transfers.fail(record.id, failure.code, failure.message);
    const caption = file.caption?.trim();
    if (caption && this.captions.size < MAX_WAITING_CAPTIONS) this.captions.set(record.id, caption);
    if (options.encrypt) this.encrypted.add(record.id);
    return this.transfers.run(record.id, (ctx) => this.runUpload(record.id, ctx));
  }

  /** The file a message announced, into the download folder. Asking twice returns the same. */
  download(messageId: string): Transfer {
    return this.startDownload(messageId, false);
  }

  /**
   * `automatic`: not asked for by the user, so the content must prove the kind its name says
   * and every address reached must be public or our own server's.
   */
  private startDownload(messageId: string, automatic: boolean): Transfer {
    const { store, accountId } = this.scope;
    const message = store.messages.get(accountId, messageId);
    const attachment = message?.attachment;
    if (!message || !attachment) throw textError('not-found', 'file.no-message');
    const existing = store.transfers.forMessage(accountId, messageId);
    if (existing) {
      if (this.transfers.isRunning(existing.id)) return this.transfers.view(existing);
      // Our own upload, or a finished download whose file is still there: nothing to fetch.
      const kept = existing.localPath !== null && existsSync(existing.localPath);
      if (existing.state === 'done' && kept) return this.transfers.view(existing);
      if (existing.direction === 'download') return this.retry(existing);
    }
    const record = this.transfers.create({
      accountId,
      peer: message.peer,
      direction: 'download',
      messageId,
      name: attachment.name,
      size: attachment.size,
      mediaType: attachment.mediaType,
      sha256: attachment.sha256,
      url: attachment.url,
    });
    return this.transfers.run(record.id, (ctx) => this.runDownload(record.id, ctx, automatic));
  }

  /** A failed or cancelled transfer again: an upload from the slot request, a download's GET. */
  retry(record: TransferRecord): Transfer {
    if (this.transfers.isRunning(record.id)) return this.transfers.view(record);
    // A download always knows its URL; one without has been forgotten with its retracted file.
    if (record.direction === 'download' && record.url === null) {
      throw textError('not-found', 'file.deleted-by-sender');
    }
    if (record.direction === 'upload' && record.messageId !== null) {
      // Uploaded and announced already: doing it again would send the file twice.
      throw textError('conflict', 'file.already-sent');
    }
    const job =
      record.direction === 'upload'
        ? (ctx: JobContext) => this.runUpload(record.id, ctx)
        : (ctx: JobContext) => this.runDownload(record.id, ctx, false);
    return this.transfers.run(record.id, job);
  }

  /**
   * A new incoming message with a file: fetched without a click only when it is small media
   * within the account's limit, from a contact in the roster. "Media" is decided by the name's
   * extension (what the system will make of the file), then proven by the content's first bytes
   * while it arrives; the announced media type decides nothing. Never when the sender asked for
   * a click (XEP-0447 disposition='attachment'), nor from a private or local address unless our
   * own server is at it. Room messages and private messages through rooms never qualify: their
   * senders are not roster contacts (a room may hide who they are). Never rejects.
   */
  async autoDownload(message: Message): Promise<void> {
    const { store, accountId } = this.scope;
    const attachment = message.attachment;
    if (message.direction !== 'in' || !attachment) return;
    // An aesgcm:// file (XEP-0454) comes without a size: its download is cut off at the limit.
    if (attachment.size === null && !attachment.encrypted) return;
    if (attachment.disposition === 'attachment') return;
    const limit = store.settings.get('autoDownloadBytes', accountId);
    if (limit === 0 || (attachment.size ?? 0) > limit) return; // 0 turns it off.
    if (autoDownloadKind(safeDiskName(attachment.name)) === null) return;
    if (!store.contacts.get(accountId, message.peer)) return;
    if (store.transfers.forMessage(accountId, message.id)) return;
    try {
      const allow = this.config.allowLoopbackHttp;
      const address = attachment.encrypted
        ? encryptedFetchUrl(attachment.url, allow)
        : attachment.url;
      const url = fetchableUrl(address, allow);
      const refusal = await this.addressRefusal(url, this.proxy());
      if (refusal !== null) {
        console.info(`[parley] not downloaded automatically: ${refusal}`);
        return;
      }
      // Asked for (or started) meanwhile: the user's download stands.
      if (store.transfers.forMessage(accountId, message.id)) return;
      this.startDownload(message.id, true);
    } catch (error) {
      console.warn(`[parley] auto-download: ${String(error)}`);
    }
  }

  /** The automatic download limit for a file of unknown size (plus a GCM tag's 16 bytes). */
  private autoLimit(): number {
    const limit = this.scope.store.settings.get('autoDownloadBytes', this.scope.accountId);
    return limit + AESGCM_TAG_BYTES;
  }

  private get resolve() {
    return this.config.resolveHost ?? resolveHost;
  }

  /**
   * The account's proxy as the store has it now: read as each transfer starts, so a proxy set
   * or changed meanwhile applies from the next transfer on.
   */
  private proxy(): ProxyConfig | null {
    return this.scope.store.accounts.get(this.scope.accountId)?.proxy ?? null;
  }

  /**
   * Why an automatic download may not fetch `url`, or null. Behind a proxy nothing is looked
   * up here (the proxy resolves names): only a literal private address in the URL is refused.
   */
  private async addressRefusal(url: URL, proxy: ProxyConfig | null): Promise<string | null> {
    if (proxy) return proxiedFetchRefusal(url, this.config.allowLoopbackHttp);
    return automaticFetchRefusal(url, await this.serverAddresses(), this.resolve);
  }

  /** The addresses our server is at (its configured host, else its domain), looked up anew now and then. */
  private serverAddresses(): Promise<ServerAddresses> {
    const now = Date.now();
    if (this.serverAddressCache && now - this.serverAddressCache.at < SERVER_ADDRESSES_TTL_MS) {
      return this.serverAddressCache.addresses;
    }
    const account = this.scope.store.accounts.get(this.scope.accountId);
    const host = account?.host ?? jid(this.scope.ownJid).domain;
    const addresses = this.resolve(host)
      .catch(() => [] as string[])
      .then((list) => new ServerAddresses(list));
    this.serverAddressCache = { at: now, addresses };
    return addresses;
  }

  /** What an automatic download adds to the request: the content and address checks. */
  private async automaticChecks(
    name: string,
    proxy: ProxyConfig | null,
  ): Promise<Pick<GetRequest, 'acceptHead' | 'lookup'>> {
    const kind = autoDownloadKind(name);
    // Behind a proxy there is no lookup here to guard (and our server's name is not resolved).
    const server = proxy ? null : await this.serverAddresses();
    const refused = () =>
      new TransferFailure(
        'download-failed',
        'Not downloaded automatically: the file is on a private or local network address. Download it yourself if you trust it.',
      );
    return {
      acceptHead: {
        accept: (head) => kind !== null && headMatches(kind, head),
        refusal: `Not downloaded automatically: its content is not the ${kind ?? 'image or video'} its name says. Download it yourself if you trust it.`,
      },
      ...(server ? { lookup: guardedLookup(server, refused) } : {}),
    };
  }

  private async runUpload(id: string, ctx: JobContext): Promise<TransferPatch> {
    const record = this.record(id);
    // Asked for at send time, or the conversation's lock now: a retry after a restart (the
    // in-memory set is gone) must not fall back to plaintext, and a plaintext upload that
    // failed goes encrypted once the lock has been turned on since.
    const encrypt = this.encrypted.has(id) || (await this.encryptsNow(record.peer));
    const patch = await uploadJob(record, ctx, this.uploadDeps, { encrypt });
    // The file's message went: its caption follows it, in the same conversation.
    const caption = this.captions.get(id);
    this.captions.delete(id);
    this.encrypted.delete(id);
    if (caption) this.deps.say(record.peer, caption);
    return patch;
  }

  private async runDownload(
    id: string,
    ctx: JobContext,
    automatic: boolean,
  ): Promise<TransferPatch> {
    const record = this.record(id);
    const allow = this.config.allowLoopbackHttp;
    // XEP-0454: the key is in the store with the message, never in the transfer or the event.
    const secret =
      record.messageId !== null
        ? this.scope.store.messages.attachmentSecret(this.scope.accountId, record.messageId)
        : null;
    const address = secret !== null ? encryptedFetchUrl(record.url ?? '', allow) : record.url;
    const url = fetchableUrl(address ?? '', allow);
    const safeName = safeDiskName(record.name);
    const proxy = this.proxy();
    const checks = automatic ? await this.automaticChecks(safeName, proxy) : {};
    const result = await downloadFile({
      url,
      proxy,
      ...checks,
      checkRedirect: async (target) => {
        const next = fetchableUrl(target, allow);
        // Never from https down to plain http, even to loopback.
        if (url.protocol === 'https:' && next.protocol !== 'https:') {
          throw new TransferFailure('insecure-url', 'The server redirected to an insecure address');
        }
        // An address literal never reaches the lookup: checked here.
        if (automatic && (await this.addressRefusal(next, proxy)) !== null) {
          throw new TransferFailure(
            'download-failed',
            'Not downloaded automatically: the server redirected to a private or local address.',
          );
        }
        return next;
      },
      dir: await downloadsFolder(this.scope.store, this.config.downloadDir),
      safeName,
      size: record.size,
      sha256: record.sha256,
      maxBytes: automatic && record.size === null ? this.autoLimit() : this.config.maxDownloadBytes,
      ...(secret !== null ? { decrypt: fileKeyOf(secret) } : {}),
      caPem: this.config.caPem,
      signal: ctx.signal,
      stallMs: this.config.stallMs,
      onBytes: (n) => ctx.progress(n),
      // Known from the server before the first byte: the progress bar gets its percentage.
      ...(record.size === null ? { onSize: (size: number) => ctx.update({ size }) } : {}),
    });
    // Before anyone can open it: the system's "from the internet" mark (Windows, macOS).
    await markFromInternet(result.path, this.config.markWriter);
    return {
      localPath: result.path,
      bytes: result.bytes,
      size: record.size ?? result.bytes,
      // The plaintext's hash, learnt here for an encrypted file (none was announced).
      ...(secret !== null && record.sha256 === null ? { sha256: result.sha256 } : {}),
    };
  }

  /** The test option (files to some peers encrypted, lock or not), else the lock. */
  private async encryptsNow(peer: string): Promise<boolean> {
    if (this.config.encryptFilesFor?.(this.scope.accountId, peer)) return true;
    return this.deps.encrypts(peer);
  }

  private record(id: string): TransferRecord {
    const record = this.transfers.get(id);
    if (!record) throw new TransferFailure('unknown', 'The transfer is gone');
    return record;
  }
}
