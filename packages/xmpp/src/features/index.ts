// Protocol feature modules: pure functions from stanzas (ltx Elements) to plain domain objects
// and back. None touches a socket, the store or the UI; the session wires them.
//
// Conventions shared by every module:
// - Parsers never throw. They return null for "not this feature's stanza" and, where the
//   session must react (answer with an error, log a forgery), a `{ rejected: reason }` object.
// - Sender checks are built in where the XEP or a CVE demands them: roster pushes
//   (CVE-2015-8688), carbons (CVE-2017-5589), MAM results, stanza-ids (XEP-0359 §5).
// - Sizes are capped: bodies at MAX_BODY (truncated, flagged), status/nick/name texts at 1024,
//   ids at MAX_ID_LENGTH (longer ids are dropped), list lengths per module.
// - Addresses come out as normalized JID text; addresses going in are `JidInput` (a JID or
//   text). Builders throw TypeError only for an invalid address given as text.
// - Iq builders leave `id` unset: the iq caller assigns one. Replies (results/errors) copy the
//   request's id and address it to the request's `from`.
export * from './attachment.js';
export * from './avatar-pep.js';
export * from './avatar-vcard.js';
export * from './blocking.js';
export * from './bookmarks.js';
export * from './carbons.js';
export * from './chat.js';
export * from './chat-states.js';
export * from './correction.js';
export * from './data-forms.js';
export * from './delay.js';
export * from './disco.js';
export * from './disco-items.js';
export * from './errors.js';
export * from './file-sharing.js';
export * from './forward.js';
export * from './hints.js';
export * from './iq-responder.js';
export * from './mam.js';
export * from './moderation.js';
export * from './muc.js';
export * from './muc-admin.js';
export * from './muc-config.js';
export * from './muc-message.js';
export * from './muc-invite.js';
export * from './muc-self-ping.js';
export * from './occupant-id.js';
export * from './oob.js';
export * from './omemo.js';
export * from './omemo-base64.js';
export * from './omemo-bundle.js';
export * from './omemo-devices.js';
export * from './omemo-ns.js';
export * from './omemo-pep.js';
export * from './ping.js';
export * from './presence.js';
export * from './private-bookmarks.js';
export * from './receipts.js';
export * from './retraction.js';
export * from './roster.js';
export * from './spam-reporting.js';
export * from './room-info.js';
export * from './stanza-ids.js';
export * from './time.js';
export * from './upload.js';
export * from './version.js';
export * from './vcard4.js';
export * from './vcard-temp.js';
export * from './nick.js';
export * from './last-activity.js';
export * from './markers.js';
export * from './reactions.js';
export * from './reply.js';
export * from './styling.js';
export * from './adhoc.js';
export * from './disco-paging.js';
export * from './server-info.js';
export * from './registration.js';
export * from './invites.js';
export * from './data-form-media.js';
export * from './jingle.js';
export * from './jingle-rtp.js';
export * from './jingle-ice.js';
export * from './jingle-content.js';
export * from './jingle-message.js';
export * from './jingle-file-transfer.js';
export * from './jingle-ibb.js';
export * from './jingle-s5b.js';
export * from './jingle-webrtc-datachannel.js';
export * from './extdisco.js';
export * from './omemo-dtls.js';
export * from './jingle-jet.js';
