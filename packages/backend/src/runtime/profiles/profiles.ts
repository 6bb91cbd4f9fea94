import {
  buildLastActivityQuery,
  buildNickPublish,
  buildTimeQuery,
  buildVcard4,
  buildVcard4AccessConfigure,
  buildVcard4Fetch,
  buildVcard4Publish,
  buildVcardTemp,
  buildVcardTempGet,
  buildVcardTempSet,
  buildVersionQuery,
  hasProfileData,
  isPreconditionNotMet,
  NS_PUBSUB_EVENT,
  parseLastActivityResult,
  parseNickEvent,
  parseTimeResult,
  parseVcard4,
  parseVcardTemp,
  parseVersionResult,
  vcard4OfResult,
  vcardTempOfResult,
  type Element,
  type EntityTime,
  type IncomingMessage,
  type LastActivity,
  type ProfileAccess,
  type ProfileFields,
  type Session,
  type SoftwareVersion,
} from '@parley/xmpp';
import type { AccountScope } from '../account-scope.js';
import { PRIORITY, type StanzaRouter } from '../stanza-router.js';
import { describeQueryError, isAbsent } from './query-errors.js';

/** Each query to a contact or their server waits this long at most (a silent client). */
export const PROFILE_QUERY_MS = 8_000;

/** A value asked for, or why it could not be had: shown per field in the details. */
export interface Answer<T> {
  value: T | null;
  error: string | null;
}

export interface ProfileLookup {
  profile: ProfileFields | null;
  source: 'vcard4' | 'vcard-temp' | null;
  error: string | null;
}

type Iq = Pick<Session, 'iq'>;

/**
 * Profiles (vCard4 with vcard-temp fallback), nicks and what a contact tells about its clients.
 * Keeps no state but the account's nick book; every query is bounded by `queryMs`.
 */
export class Profiles {
  constructor(
    private readonly scope: AccountScope,
    /** A contact's shown nick changed: their roster entry is sent again. */
    private readonly onNickChanged: (bareJid: string) => void,
    readonly queryMs = PROFILE_QUERY_MS,
  ) {}

  register(router: StanzaRouter): void {
    router.register({
      name: 'nick-notifications',
      kind: 'message',
      namespace: NS_PUBSUB_EVENT,
      priority: PRIORITY.bookmarks,
      handle: (_session, message: IncomingMessage) => this.handleNick(message.stanza),
    });
  }

  /** A PEP nick notification: only from the owner's bare JID (parseNickEvent checks). */
  handleNick(stanza: Element): boolean {
    const update = parseNickEvent(stanza);
    if (!update) return false;
    if (update.from === this.scope.ownJid || !this.scope.nicks) return true;
    if (this.scope.nicks.set(update.from, update.nick)) this.onNickChanged(update.from);
    return true;
  }

  private ask(session: Iq, iq: Element): Promise<Element> {
    return session.iq(iq, this.queryMs);
  }

  /** vCard4 first; vcard-temp when there is none, or it may not be read. */
  async get(session: Iq, bareJid: string): Promise<ProfileLookup> {
    let vcard4Error: unknown = null;
    try {
      const vcard = vcard4OfResult(await this.ask(session, buildVcard4Fetch(bareJid)));
      const profile = parseVcard4(vcard);
      if (profile && hasProfileData(profile)) return { profile, source: 'vcard4', error: null };
    } catch (error) {
      if (!isAbsent(error)) vcard4Error = error;
    }
    const own = bareJid === this.scope.ownJid;
    try {
      const result = await this.ask(
        session,
        own ? buildVcardTempGet() : buildVcardTempGet(bareJid),
      );
      const profile = parseVcardTemp(vcardTempOfResult(result));
      if (profile && hasProfileData(profile)) return { profile, source: 'vcard-temp', error: null };
      return {
        profile: null,
        source: null,
        error: vcard4Error ? describeQueryError(vcard4Error) : null,
      };
    } catch (error) {
      const reason = vcard4Error ?? (isAbsent(error) ? null : error);
      return { profile: null, source: null, error: reason ? describeQueryError(reason) : null };
    }
  }

  /**
   * Publish our profile. vcard-temp goes first: Prosody's mod_vcard_legacy turns a vcard-temp
   * write into a vCard4 of its own, which ours then replaces. vcard-temp is written only on
   * top of the one the server answered (its PHOTO is our avatar for older clients); when that
   * cannot be read it is left alone and the reason returned.
   */
  async publish(
    session: Iq,
    profile: ProfileFields,
    access: ProfileAccess,
  ): Promise<{ vcardTempError: string | null }> {
    const own = this.scope.ownJid;
    const oldVcard4 = await this.ask(session, buildVcard4Fetch(own))
      .then(vcard4OfResult)
      .catch((error: unknown) => {
        if (isAbsent(error)) return null;
        throw error;
      });
    const oldNick = parseVcard4(oldVcard4)?.nickname ?? '';
    let vcardTempError: string | null = null;
    try {
      const base = await this.ask(session, buildVcardTempGet())
        .then(vcardTempOfResult)
        .catch((error: unknown) => {
          if (isAbsent(error)) return null;
          throw error;
        });
      await this.ask(session, buildVcardTempSet(buildVcardTemp(profile, base)));
    } catch (error) {
      vcardTempError = describeQueryError(error);
    }
    await this.publishVcard4(session, buildVcard4(profile, oldVcard4), access);
    const nick = profile.nickname.trim();
    if (nick && nick !== oldNick) await this.ask(session, buildNickPublish(nick));
    return { vcardTempError };
  }

  /** Publish; a node kept with another access model is reconfigured by us and published again. */
  private async publishVcard4(session: Iq, vcard: Element, access: ProfileAccess): Promise<void> {
    try {
      await this.ask(session, buildVcard4Publish(vcard, access));
      return;
    } catch (error) {
      if (!isPreconditionNotMet(error)) throw error;
    }
    await this.ask(session, buildVcard4AccessConfigure(access));
    await this.ask(session, buildVcard4Publish(vcard, access));
  }

  /** Client name/version and local time of one resource, asked together. */
  async resourceInfo(
    session: Iq,
    fullJid: string,
  ): Promise<{ client: Answer<SoftwareVersion>; time: Answer<EntityTime> }> {
    const [client, time] = await Promise.all([
      this.answer(session, buildVersionQuery(fullJid), parseVersionResult),
      this.answer(session, buildTimeQuery(fullJid), parseTimeResult),
    ]);
    return { client, time };
  }

  /** Seconds since an (offline) contact logged out, from their server. */
  lastActivity(session: Iq, bareJid: string): Promise<Answer<LastActivity>> {
    return this.answer(session, buildLastActivityQuery(bareJid), parseLastActivityResult);
  }

  private async answer<T>(
    session: Iq,
    iq: Element,
    parse: (result: Element) => T | null,
  ): Promise<Answer<T>> {
    try {
      const value = parse(await this.ask(session, iq));
      return value ? { value, error: null } : { value: null, error: 'The answer made no sense' };
    } catch (error) {
      return { value: null, error: describeQueryError(error) };
    }
  }
}
