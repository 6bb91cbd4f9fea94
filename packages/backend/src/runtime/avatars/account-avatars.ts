/**
 * One account's avatars: what contacts, rooms and our own account show, kept in the store's
 * cache by SHA-1. Sources, in the order they count:
 * - XEP-0084 metadata (PEP notifications, sent by the owner's account only): a contact's or our
 *   own avatar; empty metadata removes it.
 * - XEP-0153 photo hashes in a roster contact's presence: the vCard photo, used only while the
 *   contact shows no PEP avatar.
 * - The same hash in the presence a room sends from its bare JID (Prosody's mod_vcard_muc,
 *   XEP-0486), or in the room's disco#info (XEP-0486 §3): the room's vCard photo.
 * Strangers' announcements are dropped: memory and fetches are spent on known addresses only.
 */
import {
  bareOf,
  buildAvatarDataFetch,
  buildAvatarMetadataFetch,
  buildPhotoUpdate,
  buildVcardFetch,
  iqErrorCondition,
  NS_PUBSUB_EVENT,
  parseAvatarDataResult,
  parseAvatarMetadataResult,
  parseAvatarNotification,
  parseJid,
  parsePhotoUpdate,
  parseVcardPhoto,
  vcardOf,
  type AvatarInfo,
  type Element,
  type IncomingMessage,
  type Session,
} from '@parley/xmpp';
import type { AvatarImage, AvatarSource } from '@parley/store';
import type { AccountScope } from '../account-scope.js';
import type { StanzaRouter } from '../stanza-router.js';
import { AvatarFetcher, type AvatarWanted } from './avatar-fetcher.js';
import { checkAvatarBase64, type AvatarCheck } from './avatar-image.js';

/** Before OMEMO's device lists (85) and the bookmarks (80): metadata events are ours. */
const PRIORITY_METADATA = 86;
/** Before the rooms (90) take a room's presence; we only read it and pass it on. */
const PRIORITY_PHOTO_HASH = 95;

export class AccountAvatars {
  readonly fetcher: AvatarFetcher;
  /**
   * Our own avatar changed from the network (another client of ours published one): our
   * presence must then carry the new hash (XEP-0153).
   */
  onOwnChange: (() => void) | null = null;

  constructor(private readonly scope: AccountScope) {
    this.fetcher = new AvatarFetcher((wanted, check) => this.accept(wanted, check));
  }

  register(router: StanzaRouter): void {
    router.register({
      name: 'avatar-metadata',
      kind: 'message',
      namespace: NS_PUBSUB_EVENT,
      priority: PRIORITY_METADATA,
      handle: (session, message: IncomingMessage) => this.onMetadata(session, message.stanza),
    });
    router.register({
      name: 'avatar-photo-hash',
      kind: 'presence',
      priority: PRIORITY_PHOTO_HASH,
      handle: (session, stanza) => {
        this.onPresence(session, stanza);
        return false; // Presence itself is the rooms' and the contacts' business.
      },
    });
  }

  /**
   * A fresh session (the roster just fetched): forget the avatars of addresses that are no
   * longer contacts or rooms of ours, then take our own current avatar from PEP (another client
   * of ours may have changed it).
   */
  async onFreshSession(session: Session): Promise<void> {
    this.forgetStrangers();
    const own = this.scope.ownJid;
    try {
      const info = parseAvatarMetadataResult(await session.iq(buildAvatarMetadataFetch(own)));
      if (info && 'rejected' in info) return;
      this.applyPep(session, own, info);
    } catch (error) {
      // No node yet: we have never published one; keep what we have.
      if (iqErrorCondition(error) !== 'item-not-found') throw error;
    }
  }

  /** Contacts removed and rooms forgotten leave no avatar (nor its image) behind. */
  forgetStrangers(): void {
    const { store, accountId, ownJid } = this.scope;
    for (const use of store.avatars.list(accountId)) {
      const known =
        use.source === 'room'
          ? store.rooms.get(accountId, use.jid) !== null
          : use.jid === ownJid || store.contacts.get(accountId, use.jid) !== null;
      if (!known) this.clear(use.jid);
    }
  }

  stop(): void {
    this.fetcher.clear();
  }

  /** The hash our account shows, or null. */
  ownHash(): string | null {
    return this.scope.store.avatars.get(this.scope.accountId, this.scope.ownJid)?.hash ?? null;
  }

  /** We removed ours in this run: say "no photo" rather than "not known yet". */
  private ownRemoved = false;

  /** XEP-0153's `<x/>` for our presence. */
  presenceUpdate(): Element {
    return buildPhotoUpdate(this.ownHash() ?? (this.ownRemoved ? '' : null));
  }

  /** Addresses of ours whose avatar counts: us, roster contacts. */
  private isKnownPerson(bare: string): boolean {
    const { store, accountId, ownJid } = this.scope;
    return bare === ownJid || store.contacts.get(accountId, bare) !== null;
  }

  private onMetadata(session: Session, stanza: Element): boolean {
    const note = parseAvatarNotification(stanza, this.scope.ownJid);
    if (note === null) return false;
    if ('rejected' in note) {
      console.warn(`[parley] avatar metadata dropped: ${note.rejected}`);
      return true;
    }
    if (this.isKnownPerson(note.jid)) this.applyPep(session, note.jid, note.avatar);
    return true;
  }

  private applyPep(session: Session, jid: string, avatar: AvatarInfo | null): void {
    if (avatar === null) {
      // Removed: only a PEP avatar goes; the vCard fallback may then come with their presence.
      this.fetcher.forget(jid);
      if (this.scope.store.avatars.get(this.scope.accountId, jid)?.source === 'pep') {
        this.clear(jid);
      }
      return;
    }
    this.show(jid, avatar.id, 'pep', async () => {
      const result = parseAvatarDataResult(
        await session.iq(buildAvatarDataFetch(jid, avatar.id)),
        avatar.id,
      );
      return typeof result === 'string' ? checkAvatarBase64(result, avatar.id) : result;
    });
  }

  private onPresence(session: Session, stanza: Element): void {
    if (stanza.attrs.type !== undefined) return; // unavailable, subscriptions, errors
    const hash = parsePhotoUpdate(stanza);
    if (hash === null) return;
    const from = parseJid(stanza.attrs.from);
    if (!from) return;
    const bare = bareOf(from);
    const { store, accountId, ownJid } = this.scope;
    let source: AvatarSource;
    if (!from.resource && store.rooms.get(accountId, bare)) source = 'room';
    else if (from.local && bare !== ownJid && store.contacts.get(accountId, bare)) source = 'vcard';
    else return; // Occupants, strangers and our own other clients (PEP tells us about ours).
    const current = store.avatars.get(accountId, bare);
    // A contact's PEP avatar wins over their vCard photo.
    if (source === 'vcard' && current?.source === 'pep') return;
    if (hash === '') {
      this.fetcher.forget(bare);
      if (current) this.clear(bare);
      return;
    }
    this.show(bare, hash, source, () => this.fetchVcardPhoto(session, bare, hash));
  }

  /**
   * A joined room's disco#info named its avatar (XEP-0486 §3): the room's vCard photo, fetched
   * from the room's bare JID and checked against the hash; '' removes it.
   */
  onRoomInfo(session: Session, room: string, hash: string | '' | null): void {
    const { store, accountId } = this.scope;
    if (hash === null || !store.rooms.get(accountId, room)) return;
    if (hash === '') {
      this.fetcher.forget(room);
      if (store.avatars.get(accountId, room)) this.clear(room);
      return;
    }
    this.show(room, hash, 'room', () => this.fetchVcardPhoto(session, room, hash));
  }

  /** The vCard photo of `bare` (a contact or a room), only if its bytes hash to `hash`. */
  private async fetchVcardPhoto(
    session: Session,
    bare: string,
    hash: string,
  ): Promise<AvatarCheck> {
    const vcard = vcardOf(await session.iq(buildVcardFetch(bare)));
    const photo = vcard ? parseVcardPhoto(vcard) : null;
    if (photo === null) return { rejected: 'no photo in the vCard' };
    return 'rejected' in photo ? photo : checkAvatarBase64(photo.base64, hash);
  }

  /** `jid` shows `hash`: from the cache when we have it, else fetched once. */
  private show(
    jid: string,
    hash: string,
    source: AvatarSource,
    fetch: () => Promise<AvatarCheck>,
  ): void {
    const { store, accountId } = this.scope;
    const current = store.avatars.get(accountId, jid);
    if (current?.hash === hash) {
      if (current.source !== source) store.avatars.assignCached(accountId, jid, hash, source);
      return;
    }
    if (store.avatars.assignCached(accountId, jid, hash, source)) {
      this.emit(jid, hash);
      return;
    }
    this.fetcher.want({ jid, hash, source, fetch });
  }

  private accept(wanted: AvatarWanted, check: AvatarCheck): void {
    if ('rejected' in check) {
      console.warn(`[parley] avatar of ${wanted.jid} refused: ${check.rejected}`);
      return;
    }
    const { store, accountId } = this.scope;
    const current = store.avatars.get(accountId, wanted.jid);
    // A PEP avatar that arrived while the vCard photo was being fetched stays.
    if (wanted.source === 'vcard' && current?.source === 'pep') return;
    if (store.avatars.assign(accountId, wanted.jid, check.image, wanted.source)) {
      this.emit(wanted.jid, check.image.hash);
    }
  }

  /** Our own avatar set here: shown at once (its bytes are ours, no fetch). */
  showOwn(image: AvatarImage): void {
    const { store, accountId, ownJid } = this.scope;
    this.ownRemoved = false;
    if (store.avatars.assign(accountId, ownJid, image, 'pep')) this.emit(ownJid, image.hash, false);
  }

  /** A room's avatar set (image) or removed (null) here by us, its owner: shown at once. */
  showRoom(room: string, image: AvatarImage | null): void {
    const { store, accountId } = this.scope;
    this.fetcher.forget(room);
    if (image === null) this.clear(room);
    else if (store.avatars.assign(accountId, room, image, 'room')) this.emit(room, image.hash);
  }

  /** Our own avatar removed here. */
  clearOwn(): void {
    this.ownRemoved = true;
    const { store, accountId, ownJid } = this.scope;
    if (store.avatars.clear(accountId, ownJid)) this.emit(ownJid, null, false);
  }

  clear(jid: string): void {
    if (this.scope.store.avatars.clear(this.scope.accountId, jid)) this.emit(jid, null);
  }

  private emit(jid: string, hash: string | null, fromNetwork = true): void {
    this.scope.bus.emit('avatar.changed', { accountId: this.scope.accountId, jid, hash });
    if (jid === this.scope.ownJid && fromNetwork) {
      if (hash === null) this.ownRemoved = true;
      this.onOwnChange?.();
    }
  }
}
