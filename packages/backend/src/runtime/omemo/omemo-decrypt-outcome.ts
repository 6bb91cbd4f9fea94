/**
 * How a decryption's result becomes what the message pipeline stores: the errors of both
 * OMEMO cores mapped to the codes the user sees (or to nothing stored at all), and the
 * decrypted content as a message the content parts are read from. Pure: no store, no I/O.
 */
import { LegacyOmemoError } from '@parley/omemo';
import { OmemoV2Error } from '@parley/omemo/v2';
import type { OmemoDecryptError, OmemoVersion } from '@parley/contract';
import { xml, type Element, type TransformOutcome, type TransformWrite } from '@parley/xmpp';

/** What an error from either core means for the message that caused it. */
export type ErrorMeaning =
  /** Nothing to store: a replay, our own message, a key transport that failed. */
  { kind: 'drop' } | { kind: 'failed'; error: OmemoDecryptError };

/**
 * The meaning of a decryption error. A duplicate message key is a replay (the dedupe by ids
 * missed it): nothing new. Our own device's message is already in our outbox.
 */
export function meaningOf(error: unknown): ErrorMeaning {
  if (error instanceof LegacyOmemoError) {
    switch (error.code) {
      case 'duplicate':
      case 'own-device':
        return { kind: 'drop' };
      case 'not-for-this-device':
      case 'no-identity':
        return { kind: 'failed', error: 'not-for-this-device' };
      case 'untrusted-identity':
        return { kind: 'failed', error: 'untrusted-key' };
      case 'session-broken':
        return { kind: 'failed', error: 'session-broken' };
      default:
        return { kind: 'failed', error: 'bad-payload' };
    }
  }
  if (error instanceof OmemoV2Error) {
    switch (error.code) {
      case 'duplicate':
        return { kind: 'drop' };
      case 'not-for-us':
        return { kind: 'failed', error: 'not-for-this-device' };
      case 'no-session':
        return { kind: 'failed', error: 'no-session' };
      case 'identity-mismatch':
        return { kind: 'failed', error: 'untrusted-key' };
      case 'auth-failed':
      case 'too-many-skipped':
      case 'unknown-prekey':
        return { kind: 'failed', error: 'session-broken' };
      default:
        return { kind: 'failed', error: 'bad-payload' };
    }
  }
  return { kind: 'failed', error: 'bad-payload' };
}

/**
 * The outcome for a message that could not be opened. A key transport (no payload) is never
 * stored, failed or not: it has nothing to show. `write` (an identity-change alert) commits
 * either way.
 */
export function failureOutcome(
  version: OmemoVersion,
  meaning: ErrorMeaning,
  keyTransport: boolean,
  senderDevice: number | null,
  write?: TransformWrite,
): TransformOutcome {
  const withWrite = write ? { write } : {};
  if (meaning.kind === 'drop' || keyTransport) return { kind: 'drop', ...withWrite };
  return {
    kind: 'failed',
    facts: {
      encryption: version,
      decryptError: meaning.error,
      ...(senderDevice !== null ? { senderDevice } : {}),
    },
    ...withWrite,
  };
}

/** Names that never come from outside the envelope once it is opened. */
function isReplaced(child: Element, replacing: readonly Element[]): boolean {
  const name = child.getName();
  if (name === 'body' || name === 'encrypted') return true;
  // An element the sender also put inside the envelope: the signed (inner) one wins.
  return replacing.some((r) => r.getName() === name && r.getNS() === child.getNS());
}

/**
 * The message to parse instead of the encrypted one: the stanza's own children (ids, receipt
 * request, hints) without its fallback body and `<encrypted/>`, plus `inner`: a `<body>` with
 * the legacy plaintext, or the children of an OMEMO 2 envelope's `<content>`.
 */
export function openedContent(stanza: Element, inner: readonly Element[]): Element {
  const content = xml(stanza.name, { ...stanza.attrs });
  // Shared read-only with the stanza, so assigned rather than appended (which re-parents).
  content.children = stanza.getChildElements().filter((c) => !isReplaced(c, inner));
  // Appended: they take the message's namespace where they name none (a bare <body>).
  for (const child of inner) content.append(inStanzaNamespace(child));
  return content;
}

const NS_CLIENT = 'jabber:client';

/**
 * An OMEMO 2 content element as a child of the message: XEP-0420 has the sender write
 * `<body xmlns='jabber:client'>` (or a prefix declared on the envelope) inside `<content>`, and
 * the message we parse names no namespace of its own, so a stanza-namespace element is copied
 * without one (it then inherits the message's, as a plain `<body>` does) and any other keeps
 * the namespace it had in the envelope, resolved before it leaves it. Read only from here on:
 * its descendants are shared, not re-parented.
 */
function inStanzaNamespace(child: Element): Element {
  const ns = child.getNS();
  const { xmlns: _own, ...attrs } = child.attrs as Record<string, string>;
  const copy = xml(child.getName(), ns && ns !== NS_CLIENT ? { ...attrs, xmlns: ns } : attrs);
  copy.children = child.children;
  return copy;
}

/** A legacy plaintext as a body; null when the bytes are not UTF-8. */
export function legacyBody(plaintext: Uint8Array): Element | null {
  try {
    return xml('body', {}, new TextDecoder('utf-8', { fatal: true }).decode(plaintext));
  } catch {
    return null;
  }
}
