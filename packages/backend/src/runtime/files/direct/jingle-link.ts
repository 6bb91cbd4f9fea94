// What both ends of a direct session send and how an ending reads: the Jingle iqs to the
// peer's device, the transport context handed to a transport, and the words for each reason.
import {
  NS_JINGLE,
  buildJingle,
  childIn,
  childrenIn,
  jid,
  xml,
  type Element,
  type JingleAction,
  type JingleReason,
  type Session,
} from '@parley/xmpp';
import { TransferFailure } from '../http-common.js';
import type { DirectEntry } from './direct-entry.js';
import type { TransportContext, TransportInstance } from './transport.js';

/** The <content/> of a session's one file, around the parts given. */
export function contentOf(entry: DirectEntry, ...children: Element[]): Element {
  return xml(
    'content',
    { creator: 'initiator', name: entry.contentName, senders: 'initiator' },
    ...children,
  );
}

/** A Jingle iq of `action` for the session to the peer's device; resolves on its result. */
export async function sendJingle(
  session: Session,
  entry: DirectEntry,
  action: JingleAction,
  parts: { contents?: Element[]; reason?: JingleReason; extra?: Element[] } = {},
): Promise<Element> {
  const own = session.jid;
  const iq = buildJingle(action, {
    sid: entry.sid,
    ...(action === 'session-initiate' ? { initiator: own } : {}),
    ...(action === 'session-accept' ? { responder: own } : {}),
    ...parts,
  });
  iq.attrs.to = entry.peer.toString();
  return session.iq(iq);
}

/** The transport element of the session's one content in a Jingle element. */
export function transportIn(jingle: Element, namespace?: string): Element | null {
  for (const content of childrenIn(jingle, 'content', NS_JINGLE)) {
    const found = content
      .getChildElements()
      .find((c) => c.name === 'transport' && (!namespace || c.getNS() === namespace));
    if (found) return found;
  }
  return null;
}

/** The transport context of one transport in a session. */
export function transportContext(session: Session, entry: DirectEntry): TransportContext {
  const own = jid(session.jid);
  const initiator = entry.role === 'initiator' ? own : entry.peer;
  const responder = entry.role === 'initiator' ? entry.peer : own;
  return {
    session,
    sid: entry.sid,
    role: entry.role,
    own,
    peer: entry.peer,
    initiator,
    responder,
    signal: entry.controller.signal,
    sendInfo: async (transport) => {
      await sendJingle(session, entry, 'transport-info', {
        contents: [contentOf(entry, transport)],
      });
    },
  };
}

/** The transport in use, replaced: the old one lets go of everything first. */
export function useTransport(entry: DirectEntry, next: TransportInstance | null): void {
  entry.current?.close();
  entry.current = next;
  entry.transport = next?.kind ?? null;
}

/** What a peer's session-terminate means for our transfer (success is no failure). */
export function failureOf(
  reason: JingleReason | null,
  role: 'initiator' | 'responder',
  accepted: boolean,
): TransferFailure | null {
  switch (reason) {
    case 'success':
      return null;
    case 'decline':
      return new TransferFailure('declined', 'They declined the file.');
    case 'cancel':
    case 'gone':
    case 'expired':
    case 'timeout':
      return role === 'responder'
        ? new TransferFailure(
            'offer-gone',
            accepted ? 'The sender stopped sending the file.' : 'The sender withdrew the file.',
          )
        : new TransferFailure(
            'declined',
            accepted ? 'They stopped receiving the file.' : 'They declined the file.',
          );
    case 'media-error':
      return new TransferFailure('hash-mismatch', 'The file arrived damaged at the other side.');
    case 'failed-transport':
    case 'connectivity-error':
    case 'unsupported-transports':
      return new TransferFailure('no-transport', 'No way to reach the other device worked.');
    default:
      return new TransferFailure(
        'unknown',
        `The other side ended the transfer (${reason ?? 'no reason'}).`,
      );
  }
}

/** The content's description in a session-accept we send (the offer's, echoed). */
export function descriptionIn(jingle: Element): Element | null {
  for (const content of childrenIn(jingle, 'content', NS_JINGLE)) {
    const d = content.getChildElements().find((c) => c.name === 'description');
    if (d) return d;
  }
  return childIn(jingle, 'description', undefined);
}
