// The backend's texts (contract: backend-texts.ts) in the user's language. The backend sends a
// stable id with its parameters; each id's words are written out here so extraction finds them
// (namespace 'backend'). The English here is the contract's template for the same id:
// backend-texts.test.ts checks both agree and that every id has German and Arabic words.
import type { BackendText, BackendTextId, XmppCondition } from '@parley/contract';
import type { TFunction } from 'i18next';
import { currentLanguage, tFor } from './index';

type Params = Record<string, string | number>;
type Words = (t: TFunction, p: Params) => string;

export const BACKEND_WORDS: Record<BackendTextId, Words> = {
  'login.no-mechanism': (t, p) =>
    t('The server offers no login method Parley supports ({{offered}})', p),
  'login.unexpected-answer': (t) => t('The server answered the login with something unexpected'),
  'login.server-unproven': (t, p) =>
    t('The server for {{jid}} could not prove it knows the password', p),
  'login.password-refused': (t, p) => t('The server refused the password for {{jid}}', p),
  'login.account-disabled': (t, p) => t('The account {{jid}} is disabled', p),
  'login.refused': (t, p) => t('The server refused the login for {{jid}} ({{reason}})', p),
  'login.check-unavailable': (t, p) =>
    t('The server could not check the password for {{jid}} right now', p),
  'bounce.service-unavailable': (t) =>
    t(
      'The recipient’s server did not take it (the address may not exist, the recipient may have blocked you, or it refuses messages from strangers).',
    ),
  'bounce.recipient-unavailable': (t) => t('The recipient is not available.'),
  'bounce.item-not-found': (t) => t('The recipient does not exist.'),
  'bounce.remote-server-not-found': (t) => t('The recipient’s server could not be found.'),
  'bounce.remote-server-timeout': (t) => t('The recipient’s server did not answer in time.'),
  'bounce.forbidden': (t) => t('The recipient’s side refused it.'),
  'bounce.not-allowed': (t) => t('It is not allowed there.'),
  'bounce.not-acceptable': (t) => t('It was not accepted.'),
  'bounce.not-authorized': (t) => t('It was refused: not authorised.'),
  'bounce.policy-violation': (t) => t('A server policy refused it.'),
  'bounce.resource-constraint': (t) => t('The recipient’s server is overloaded.'),
  'bounce.jid-malformed': (t) => t('The address is not valid.'),
  'bounce.subscription-required': (t) =>
    t('The recipient takes messages only from their contacts.'),
  'bounce.gone': (t) => t('The address is no longer in use.'),
  'bounce.other': (t) => t('It could not be delivered.'),
  'room-subject.forbidden': (t) => t('Only moderators may change the subject here.'),
  'room-subject.no-voice': (t) =>
    t('You have no voice in this room, so you may not change its subject.'),
  'room-subject.not-allowed': (t) => t('This room does not allow changing its subject.'),
  'room-subject.not-acceptable': (t) =>
    t('You are not in this room any more: join it again to change the subject.'),
  'room-subject.not-authorized': (t) => t('You are not allowed to change the subject here.'),
  'room-message.forbidden': (t) =>
    t('You may not speak in this room now (it is moderated and you have no voice).'),
  'room-message.not-acceptable': (t) =>
    t('You are not in this room any more: join it again to send.'),
  'room-message.not-allowed': (t) => t('The room does not allow this message.'),
  'room-message.not-authorized': (t) => t('You are not allowed to send messages here.'),
  'room-message.policy-violation': (t) => t('A room policy refused it.'),
  'room-message.resource-constraint': (t) => t('The room is overloaded: try again later.'),
  'room-message.item-not-found': (t) => t('The room does not exist any more.'),
  'room-message.service-unavailable': (t) => t('The room’s service did not take it.'),
  'room-other.forbidden': (t) =>
    t('The room refused a request: you are not allowed to do that here.'),
  'room-other.not-acceptable': (t) =>
    t('The room refused a request: you are not in this room any more.'),
  'room-other.not-allowed': (t) => t('The room refused a request: it does not allow that.'),
  'room.refused': (t) => t('The room refused it.'),
  'room.refused-condition': (t, p) => t('The room refused it ({{condition}}).', p),
  'room.no-answer': (t) => t('The room did not answer. Try again later.'),
  'room.unknown': (t, p) => t('{{room}} is not a known room', p),
  'room.exists': (t, p) => t('{{room}} already exists: join it instead', p),
  'room.join-to-set-subject': (t) => t('Join the room to change its subject.'),
  'room.remove-bookmark-first': (t) => t('Remove the bookmark first'),
  'register.taken': (t) => t('That username is already taken. Choose another one.'),
  'register.not-allowed': (t) => t('This server does not allow creating accounts from a client.'),
  'register.remove-not-allowed': (t) =>
    t('The server does not allow deleting the account from here.'),
  'register.password-not-allowed': (t) =>
    t('The server does not allow changing the password from here.'),
  'register.not-acceptable': (t) => t('The server did not accept these details.'),
  'register.not-acceptable-guess': (t) =>
    t('The server did not accept these details (a weak password or an invalid username?).'),
  'register.bad-request': (t) => t('The server says something is missing or wrong.'),
  'register.refused': (t) => t('The server refused this.'),
  'register.refused-condition': (t, p) => t('The server refused this ({{reason}}).', p),
  'register.timeout': (t) => t('The server did not answer in time. Try again.'),
  'invite.not-a-link': (t) => t('This is not an invitation link.'),
  'invite.existing-accounts-only': (t) =>
    t('This invitation is for people who already have an account: sign in, then open it.'),
  'invite.other-server': (t, p) => t('This invitation is for {{invited}}, not {{server}}.', p),
  'invite.refused': (t) =>
    t(
      'The invitation was refused: it has expired, has already been used, or this server does not know it.',
    ),
  'omemo.room-private-needed': (t) =>
    t('OMEMO needs a private group chat: members-only and non-anonymous'),
  'omemo.room-not-known': (t) => t('OMEMO in a group chat needs its settings: join the room first'),
  'omemo.private-chat': (t) => t('OMEMO is not available in private messages through a room'),
  'omemo.not-sent-offline': (t) => t('Not sent: the account is offline.'),
  'omemo.not-sent-file-unencrypted': (t) =>
    t(
      'Not sent: this file was uploaded unencrypted before the lock was turned on. Send the file again to upload it encrypted, or turn the lock off to send it as it is.',
    ),
  'omemo.not-sent-no-device': (t, p) =>
    t(
      'Not sent: {{jid}} has no OMEMO device to encrypt for. Turn the lock off to send it unencrypted.',
      p,
    ),
  'omemo.not-sent-no-usable-device': (t, p) =>
    t(
      'Not sent: none of {{jid}}’s OMEMO devices can be encrypted for ({{reasons}}). Check the contact’s devices and their trust.',
      p,
    ),
  'omemo.not-sent-no-members': (t) =>
    t(
      'Not sent: the room has no other members to encrypt for. Turn the lock off to send it unencrypted.',
    ),
  'omemo.not-sent-too-many-members': (t, p) =>
    t(
      'Not sent: the room has more than {{max}} members, too many to encrypt for. Turn the lock off to send it unencrypted.',
      p,
    ),
  'omemo.not-sent-rooms-unavailable': (t) =>
    t(
      'Not sent: OMEMO is not available in this group chat. Turn the lock off to send it unencrypted.',
    ),
  'omemo.not-sent-private-message': (t) =>
    t(
      'Not sent: OMEMO in private messages through a room is not available. Turn the lock off to send it unencrypted.',
    ),
  'omemo.not-sent-room-private-needed': (t) =>
    t(
      'Not sent: OMEMO needs a private group chat: members-only and non-anonymous. Turn the lock off to send it unencrypted.',
    ),
  'omemo.not-sent-room-not-known': (t) =>
    t(
      'Not sent: OMEMO in a group chat needs its settings: join the room first. Turn the lock off to send it unencrypted.',
    ),
  'omemo.not-sent-private-chat': (t) =>
    t(
      'Not sent: OMEMO is not available in private messages through a room. Turn the lock off to send it unencrypted.',
    ),
  'command.failed': (t, p) => t('Something went wrong ({{command}}).', p),
  'account.not-found': (t) => t('No such account'),
  'account.exists': (t, p) => t('{{jid}} is already set up', p),
  'account.offline': (t, p) => t('{{jid}} is not connected', p),
  'account.disabled': (t) => t('This account is disabled: enable it to connect'),
  'account.not-ready': (t) => t('The account is not ready to send'),
  'account.confirm-deletion': (t, p) => t('Type {{jid}} to confirm the deletion', p),
  'certificate.not-presented': (t) => t('That certificate is not the one the server presented'),
  'connection.lost': (t) => t('The connection was lost'),
  'message.not-found': (t) => t('There is no such message in this conversation'),
  'message.not-own': (t) => t('Only your own messages can be changed'),
  'message.deleted': (t) => t('The message was deleted'),
  'message.empty': (t) => t('The message is empty'),
  'message.not-from-here': (t) => t('Only messages sent from here can be sent again'),
  'message.not-failed': (t) => t('This message did not fail'),
  'reaction.one-emoji': (t) => t('A reaction must be one emoji'),
  'reaction.not-allowed': (t) => t('This room does not allow these reactions'),
  'blocking.full': (t, p) => t('The blocklist is full ({{max}} addresses)', p),
  'blocking.own': (t) => t('You cannot block your own account or server'),
  'file.no-message': (t) => t('No such file message'),
  'file.deleted-by-sender': (t) => t('This file was deleted by its sender'),
  'file.already-sent': (t) => t('This file was already sent'),
  'file.no-transfer': (t) => t('No such transfer'),
  'file.not-transferred': (t) => t('The file has not been transferred yet'),
  'file.gone': (t) => t('The file is no longer there (moved or deleted)'),
  'file.preview-unreadable': (t) => t('The file could not be read for a preview'),
  'file.open-unavailable': (t) => t('Opening files is not available here'),
  'file.only-received': (t) => t('Only received files can be opened'),
  'file.no-application': (t) => t('No application could open the file'),
  'file.not-retryable': (t) => t('Only a failed or cancelled transfer can be retried'),
};

/** RFC 6120 §8.3.3 defined conditions by name, for texts that name the condition. */
export function conditionWords(t: TFunction, condition: XmppCondition): string {
  const words: Record<XmppCondition, string> = {
    'bad-request': t('bad request'),
    conflict: t('conflict'),
    'feature-not-implemented': t('feature not implemented'),
    forbidden: t('forbidden'),
    gone: t('gone'),
    'internal-server-error': t('internal server error'),
    'item-not-found': t('item not found'),
    'jid-malformed': t('malformed address'),
    'not-acceptable': t('not acceptable'),
    'not-allowed': t('not allowed'),
    'not-authorized': t('not authorised'),
    'policy-violation': t('policy violation'),
    'recipient-unavailable': t('recipient unavailable'),
    redirect: t('redirect'),
    'registration-required': t('registration required'),
    'remote-server-not-found': t('remote server not found'),
    'remote-server-timeout': t('remote server timeout'),
    'resource-constraint': t('resource constraint'),
    'service-unavailable': t('service unavailable'),
    'subscription-required': t('subscription required'),
    'undefined-condition': t('undefined condition'),
    'unexpected-request': t('unexpected request'),
  };
  return words[condition];
}

/**
 * A backend text in the current language, or null for an id this renderer does not know (a
 * newer backend): the caller shows the English message then. The server's own text (from a
 * stanza's `<text/>`) cannot be known in advance: it is quoted as written, after our words.
 */
export function backendTextWords(text: BackendText): string | null {
  const t = tFor('backend');
  if (!Object.prototype.hasOwnProperty.call(BACKEND_WORDS, text.id)) return null;
  const params: Params = { ...text.params };
  if (text.condition) params.condition = conditionWords(t, text.condition);
  const words = BACKEND_WORDS[text.id](t, params);
  const said = text.serverText?.trim();
  if (!said) return words;
  return text.saidBy === 'room'
    ? t('{{words}} The room said: “{{said}}”', { words, said })
    : t('{{words}} The server said: “{{said}}”', { words, said });
}

/**
 * What a failure without a text of its own says, by its code: the backend words its rarer
 * failures (a server tool's iq refused, a stale id, a request a newer backend does not know)
 * in English only, so another language leads with these words and quotes the English after.
 */
const CODE_WORDS: Record<string, Words> = {
  failed: (t) => t('That did not work.'),
  'not-found': (t) => t('That is no longer there.'),
  'not-connected': (t) => t('The account is not connected.'),
  conflict: (t) => t('That clashes with what is already there.'),
  'invalid-payload': (t) => t('Parley could not take that request.'),
  'unknown-command': (t) => t('The Parley backend does not know that request.'),
};

/**
 * What the user reads of a failure: its translated text; else, in English, the backend's
 * message; in another language, words for its code with the English message as the detail.
 */
export function failureWords(failure: {
  code?: string;
  message: string;
  text?: BackendText | null;
}): string {
  const words = failure.text && backendTextWords(failure.text);
  if (words) return words;
  if (currentLanguage() === 'en') return failure.message;
  const t = tFor('backend');
  const lead = (CODE_WORDS[failure.code ?? 'failed'] ?? CODE_WORDS.failed!)(t, {});
  return failure.message
    ? t('{{lead}} Details (in English): {{detail}}', { lead, detail: failure.message })
    : lead;
}
