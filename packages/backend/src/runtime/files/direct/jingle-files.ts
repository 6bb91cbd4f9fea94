// The Jingle iqs of direct file transfers, ahead of calls: a session-initiate offering a file
// (XEP-0234), and any iq of a file session we hold, from the device it runs with. Anything else
// in the Jingle namespace goes on to the calls. XEP-0047 iqs go to the session whose transport
// owns their sid. Every iq is answered; a stranger's offer gets service-unavailable
// (XEP-0166 §6.3.2) and leaves no trace.
import {
  NS_IBB,
  NS_JINGLE,
  NS_JINGLE_FT,
  childIn,
  buildIqError,
  buildIqResult,
  buildJingleError,
  isSha256Base64,
  offersFile,
  parseFileContent,
  parseJingleIq,
  type Element,
  type JingleIq,
  type Session,
} from '@parley/xmpp';
import { PRIORITY, type StanzaRouter } from '../../stanza-router.js';
import type { DirectFiles } from './direct-files.js';
import { failureOf } from './jingle-link.js';
import { TransportRefused } from './transport.js';

/** transport-infos kept for a transport not made yet (an offer waiting for the user). */
const MAX_EARLY_INFOS = 32;

export function registerDirectFiles(router: StanzaRouter, files: DirectFiles): void {
  router.register({
    name: 'jingle-files',
    kind: 'iq',
    priority: PRIORITY.directFiles,
    namespace: NS_JINGLE,
    handle: (session, iq) => handleJingle(files, session, iq),
  });
  router.register({
    name: 'ibb',
    kind: 'iq',
    priority: PRIORITY.directFiles,
    namespace: NS_IBB,
    handle: (session, iq) => {
      for (const entry of files.sessions.values()) {
        if (!entry.current?.handleIq || entry.peer.toString() !== iq.attrs.from) continue;
        const answer = entry.current.handleIq(iq);
        if (answer === undefined) continue;
        if (answer) void session.send(answer).catch(() => {});
        return true;
      }
      // No bytestream of ours: refused (XEP-0047 §2.1 item-not-found).
      const refusal = buildIqError(iq, 'item-not-found', 'cancel');
      if (refusal) void session.send(refusal).catch(() => {});
      return refusal !== null;
    },
  });
}

function handleJingle(files: DirectFiles, session: Session, stanza: Element): boolean {
  const parsed = parseJingleIq(stanza);
  if (!parsed || 'rejected' in parsed) return false;
  const reply = (el: Element | null) => {
    if (el) void session.send(el).catch(() => {});
    return true;
  };
  if (parsed.action === 'session-initiate') {
    if (!offersFile(parsed.jingle)) return false;
    return reply(initiate(files, parsed, stanza));
  }
  const entry = files.entryFor(parsed.sid, parsed.from);
  // Not one of ours (maybe a call's): the calls answer it.
  if (!entry) return false;
  switch (parsed.action) {
    case 'session-terminate':
      reply(buildIqResult(stanza));
      files.terminated(
        entry,
        failureOf(parsed.reason?.condition ?? null, entry.role, entry.state !== 'offered'),
      );
      entry.mailbox.put(signalOf(parsed));
      return true;
    case 'session-accept':
    case 'transport-accept':
    case 'transport-reject':
      if (entry.role !== 'initiator') return reply(buildJingleError(stanza, 'out-of-order'));
      entry.mailbox.put(signalOf(parsed));
      return reply(buildIqResult(stanza));
    case 'transport-replace':
      if (entry.role !== 'responder' || entry.state !== 'accepted') {
        return reply(buildJingleError(stanza, 'out-of-order'));
      }
      // The transport in use stops (a pending connect rejects); the receiver takes the new one.
      entry.current?.close();
      entry.mailbox.put(signalOf(parsed));
      return reply(buildIqResult(stanza));
    case 'transport-info': {
      const current = entry.current;
      const transport = parsed.jingle
        .getChildElements()
        .flatMap((c) => c.getChildElements())
        .find((c) => c.name === 'transport');
      if (!transport) return reply(buildIqError(stanza, 'bad-request', 'modify'));
      if (!current) {
        // Before the accept made our transport: kept for it (a few), else out of order.
        if (entry.state !== 'offered' || entry.early.length >= MAX_EARLY_INFOS) {
          return reply(buildJingleError(stanza, 'out-of-order'));
        }
        entry.early.push(transport);
        return reply(buildIqResult(stanza));
      }
      try {
        current.info(transport);
        return reply(buildIqResult(stanza));
      } catch (error) {
        if (!(error instanceof TransportRefused)) throw error;
        return reply(buildIqError(stanza, 'bad-request', 'modify'));
      }
    }
    case 'session-info':
      // <received/>, <checksum/> or a ping: nothing more to do (the terminate settles it).
      return reply(buildIqResult(stanza));
    default:
      return reply(buildIqError(stanza, 'feature-not-implemented', 'cancel'));
  }
}

function signalOf(iq: JingleIq) {
  return { action: iq.action, jingle: iq.jingle, reason: iq.reason?.condition ?? null };
}

function initiate(files: DirectFiles, iq: JingleIq, stanza: Element): Element | null {
  if (!files.mayOffer(iq.from)) return buildIqError(stanza, 'service-unavailable', 'cancel');
  if (files.sessions.has(iq.sid)) return buildJingleError(stanza, 'out-of-order');
  const content = parseFileContent(iq.jingle);
  const { file } = content ?? {};
  // Only a whole file the sender sends, with its size and SHA-256 to check it against.
  // An empty <range/> only says ranged requests would be taken later (§5): a whole file still.
  const whole = file?.range == null || (file.range.offset === 0 && file.range.length === null);
  if (!content || !file || content.senders !== 'initiator' || !whole) {
    return buildIqError(stanza, 'feature-not-implemented', 'cancel', 'only whole files sent to us');
  }
  if (file.size === null || file.sha256 === null || !isSha256Base64(file.sha256)) {
    return buildIqError(stanza, 'bad-request', 'modify', 'a file offer needs its size and sha-256');
  }
  const placed = files.offer(
    iq.from,
    iq.sid,
    content.name,
    { name: file.name ?? 'file', size: file.size, mediaType: file.mediaType, sha256: file.sha256 },
    {
      description: childIn(content.element, 'description', NS_JINGLE_FT),
      transport: content.transport,
    },
  );
  if (placed === 'too-many') return buildIqError(stanza, 'resource-constraint', 'wait');
  return buildIqResult(stanza);
}
