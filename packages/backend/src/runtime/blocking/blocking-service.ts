import { MAX_BLOCKED, type BlocklistState, type ReportReason } from '@parley/contract';
import type { BlockOrigin } from '@parley/store';
import {
  NS_BLOCKING,
  SessionError,
  buildBlock,
  buildBlockWithReport,
  buildBlocklistGet,
  buildDiscoInfoQuery,
  buildIqError,
  buildIqResult,
  buildUnblock,
  jid,
  parseBlocklistPush,
  parseBlocklistResult,
  parseDiscoInfo,
  supportsReporting,
  type Element,
  type IncomingMessage,
  type JID,
  type Session,
} from '@parley/xmpp';
import { HandlerError, textError } from '../../handler-types.js';
import type { AccountScope } from '../account-scope.js';
import { PRIORITY, type StanzaRouter } from '../stanza-router.js';
import { refusesMessage, refusesStanza } from './blocked-senders.js';
import { Blocklist } from './blocklist.js';

/** Higher than every other handler: a blocked sender's message reaches none of them. */
const BLOCKED_PRIORITY = PRIORITY.history + 10;
const DISCO_TIMEOUT_MS = 10_000;

/**
 * XEP-0191 for one account: the blocklist fetched after each fresh login and kept in step with
 * the server's pushes (our other clients' blocks too), block/unblock by the user, XEP-0377
 * reports (which block as well), and the client-side drop of anything a blocked address sends.
 * The list is kept in the store: it shows offline, and a block made where the server has no
 * XEP-0191 (ours alone) still drops the sender after a restart.
 */
export class BlockingService {
  readonly list = new Blocklist();
  private readonly own: JID;
  /** Null until the server answered after login; false: it has no XEP-0191. */
  private supported: boolean | null = null;
  private reporting = false;
  /** Pushes that arrive while a fetch is under way are newer than its answer. */
  private pushesDuringFetch: Array<() => void> | null = null;

  constructor(private readonly scope: AccountScope) {
    this.own = jid(scope.ownJid);
    for (const entry of scope.store.blocklist.list(scope.accountId)) {
      this.list.add([entry.jid], entry.origin);
    }
  }

  state(): BlocklistState {
    return {
      accountId: this.scope.accountId,
      jids: this.list.list(),
      local: this.list.localOnly(),
      supported: this.supported,
      reporting: this.reporting,
    };
  }

  /**
   * After a fresh login (before our presence): the list. Whether the server takes reports is
   * asked beside it and not waited for.
   */
  async fetch(session: Session): Promise<void> {
    void session
      .iq(buildDiscoInfoQuery(session.domain), DISCO_TIMEOUT_MS)
      .then((reply) => supportsReporting(parseDiscoInfo(reply)))
      .catch(() => false)
      .then((reporting) => {
        this.reporting = reporting;
        this.changed();
      });
    this.pushesDuringFetch = [];
    try {
      const jids = parseBlocklistResult(await session.iq(buildBlocklistGet()), this.own);
      this.supported = jids !== null;
      this.list.replace(jids ?? []);
      const local = new Set(this.list.localOnly());
      this.scope.store.blocklist.replaceServer(
        this.scope.accountId,
        this.list.list().filter((entry) => !local.has(entry)),
      );
    } catch (error) {
      // An error answer (feature-not-implemented, service-unavailable): the server keeps no
      // blocklist. A lost link: unknown still, the next login asks again.
      if (error instanceof SessionError && error.code === 'stanza-error') this.supported = false;
    }
    for (const apply of this.pushesDuringFetch) apply();
    this.pushesDuringFetch = null;
    this.changed();
  }

  /** The drop before any handling: true when the stanza is from a blocked address. */
  refuses(stanza: Element): boolean {
    return refusesStanza(this.list, this.own, stanza);
  }

  register(router: StanzaRouter): void {
    router.register({
      name: 'blocklist-push',
      kind: 'iq',
      priority: PRIORITY.roster,
      namespace: NS_BLOCKING,
      handle: (session, iq) => this.handlePush(session, iq),
    });
    // Carbons and archive results carry the sender inside: checked once they are unwrapped.
    router.register({
      name: 'blocked-senders',
      kind: 'message',
      priority: BLOCKED_PRIORITY,
      handle: (_session, message: IncomingMessage) => refusesMessage(this.list, this.own, message),
    });
  }

  /** A block or unblock from our server (ours, or made by another client of ours). */
  handlePush(session: Session, iq: Element): boolean {
    const push = parseBlocklistPush(iq, this.own);
    if (push === null) return false;
    if ('rejected' in push) {
      const condition = push.rejected === 'forged' ? 'forbidden' : 'bad-request';
      const error = buildIqError(iq, condition, 'modify');
      if (error) void session.send(error).catch(() => {});
      return true;
    }
    const apply = () => {
      if (push.kind === 'block') this.addEntries(push.jids, 'server');
      else if (push.kind === 'unblock') this.removeEntries(push.jids);
      else {
        // The server's list is empty now; blocks only this client made stay ours.
        this.list.clear(false);
        this.scope.store.blocklist.clear(this.scope.accountId);
      }
    };
    apply();
    this.pushesDuringFetch?.push(apply);
    const result = buildIqResult(iq);
    if (result) void session.send(result).catch(() => {});
    this.changed();
    return true;
  }

  async block(session: Session, jids: readonly JID[]): Promise<void> {
    this.requireRoom(jids);
    await this.request(session, buildBlock(jids));
    this.addEntries(jids.map(String), this.origin());
    this.changed();
  }

  async unblock(session: Session, jids: readonly JID[]): Promise<void> {
    await this.request(session, buildUnblock(jids));
    this.removeEntries(jids.map(String));
    this.changed();
  }

  /**
   * Reports `address` (XEP-0377, inside a block) naming these archive ids of its messages; on a
   * server that takes no reports, only blocks. Returns whether a report was made.
   */
  async report(
    session: Session,
    address: JID,
    report: { reason: ReportReason; stanzaIds: readonly string[]; text: string },
  ): Promise<boolean> {
    this.requireRoom([address]);
    const reported = this.reporting;
    const request = reported
      ? buildBlockWithReport(address, {
          reason: report.reason,
          messages: report.stanzaIds.map((id) => ({ id, by: this.own })),
          text: report.text,
        })
      : buildBlock([address]);
    await this.request(session, request);
    this.addEntries([address.toString()], this.origin());
    this.changed();
    return reported;
  }

  /** Where a block made now lives: ours alone on a server without XEP-0191. */
  private origin(): BlockOrigin {
    return this.supported === false ? 'local' : 'server';
  }

  /** In memory and in the store; what does not fit (the list is full) is in neither. */
  private addEntries(jids: readonly string[], origin: BlockOrigin): void {
    this.list.add(jids, origin);
    const { store, accountId } = this.scope;
    const kept = jids.filter((entry) => this.list.has(entry));
    const local = new Set(this.list.localOnly());
    store.blocklist.add(
      accountId,
      kept.filter((entry) => !local.has(entry)),
      'server',
    );
    store.blocklist.add(
      accountId,
      kept.filter((entry) => local.has(entry)),
      'local',
    );
  }

  private removeEntries(jids: readonly string[]): void {
    this.list.remove(jids);
    this.scope.store.blocklist.remove(this.scope.accountId, jids);
  }

  private requireRoom(jids: readonly JID[]): void {
    const fresh = new Set(jids.map(String).filter((j) => !this.list.has(j))).size;
    if (this.list.size + fresh > MAX_BLOCKED) {
      throw textError('failed', 'blocking.full', { max: MAX_BLOCKED });
    }
  }

  /**
   * On a server without XEP-0191 nothing is sent: the block is ours alone (this client drops
   * what the address sends; the server still delivers it, and our other clients do not know).
   */
  private async request(session: Session, iq: Element): Promise<void> {
    if (this.supported === false) return;
    try {
      await session.iq(iq);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new HandlerError('failed', `The server refused it: ${message}`);
    }
  }

  /**
   * A contact whose presence we hold was blocked: the server stops their presence (an
   * unavailable one included), so what we hold would stay "online" forever. Set by the runtime.
   */
  onPresenceGone: (bareJid: string) => void = () => {};

  private changed(): void {
    this.dropBlockedRequests();
    for (const bare of this.scope.presence.contacts()) {
      if (this.list.blocksText(bare)) this.onPresenceGone(bare);
    }
    this.scope.bus.emit('blocking.changed', this.state());
  }

  /**
   * A contact request from someone now blocked is settled by the block (the server forgets it
   * too, and says nothing to them): it leaves the list of requests.
   */
  private dropBlockedRequests(): void {
    const { store, accountId, bus } = this.scope;
    for (const request of store.pendingSubscriptions.list()) {
      if (request.accountId !== accountId || !this.list.blocksText(request.jid)) continue;
      if (store.pendingSubscriptions.remove(accountId, request.jid)) {
        bus.emit('subscription.resolved', { accountId, jid: request.jid });
      }
    }
  }
}
