/**
 * The English wording of each backend text, by stable id. `{{name}}` is a parameter;
 * `{{condition}}` is the text's stanza error condition. A new id needs its words in
 * renderer/i18n/backend-texts.ts too (with German and Arabic): backend-texts.test.ts fails
 * until it has them.
 */
export const BACKEND_TEXT_TEMPLATES = {
  // Sign-in (RFC 6120 §6 SASL).
  'login.no-mechanism': 'The server offers no login method Parley supports ({{offered}})',
  'login.unexpected-answer': 'The server answered the login with something unexpected',
  'login.server-unproven': 'The server for {{jid}} could not prove it knows the password',
  'login.password-refused': 'The server refused the password for {{jid}}',
  'login.account-disabled': 'The account {{jid}} is disabled',
  'login.refused': 'The server refused the login for {{jid}} ({{reason}})',
  'login.check-unavailable': 'The server could not check the password for {{jid}} right now',

  // Why a message bounced (RFC 6120 §8.3), by the condition its recipient's side gave.
  'bounce.service-unavailable':
    'The recipient’s server did not take it (the address may not exist, the recipient may have blocked you, or it refuses messages from strangers).',
  'bounce.recipient-unavailable': 'The recipient is not available.',
  'bounce.item-not-found': 'The recipient does not exist.',
  'bounce.remote-server-not-found': 'The recipient’s server could not be found.',
  'bounce.remote-server-timeout': 'The recipient’s server did not answer in time.',
  'bounce.forbidden': 'The recipient’s side refused it.',
  'bounce.not-allowed': 'It is not allowed there.',
  'bounce.not-acceptable': 'It was not accepted.',
  'bounce.not-authorized': 'It was refused: not authorised.',
  'bounce.policy-violation': 'A server policy refused it.',
  'bounce.resource-constraint': 'The recipient’s server is overloaded.',
  'bounce.jid-malformed': 'The address is not valid.',
  'bounce.subscription-required': 'The recipient takes messages only from their contacts.',
  'bounce.gone': 'The address is no longer in use.',
  'bounce.other': 'It could not be delivered.',

  // A room refusing what we sent (XEP-0045 §7.4, §8.1).
  'room-subject.forbidden': 'Only moderators may change the subject here.',
  'room-subject.no-voice': 'You have no voice in this room, so you may not change its subject.',
  'room-subject.not-allowed': 'This room does not allow changing its subject.',
  'room-subject.not-acceptable':
    'You are not in this room any more: join it again to change the subject.',
  'room-subject.not-authorized': 'You are not allowed to change the subject here.',
  'room-message.forbidden':
    'You may not speak in this room now (it is moderated and you have no voice).',
  'room-message.not-acceptable': 'You are not in this room any more: join it again to send.',
  'room-message.not-allowed': 'The room does not allow this message.',
  'room-message.not-authorized': 'You are not allowed to send messages here.',
  'room-message.policy-violation': 'A room policy refused it.',
  'room-message.resource-constraint': 'The room is overloaded: try again later.',
  'room-message.item-not-found': 'The room does not exist any more.',
  'room-message.service-unavailable': 'The room’s service did not take it.',
  'room-other.forbidden': 'The room refused a request: you are not allowed to do that here.',
  'room-other.not-acceptable': 'The room refused a request: you are not in this room any more.',
  'room-other.not-allowed': 'The room refused a request: it does not allow that.',
  'room.refused': 'The room refused it.',
  'room.refused-condition': 'The room refused it ({{condition}}).',
  'room.no-answer': 'The room did not answer. Try again later.',
  'room.unknown': '{{room}} is not a known room',
  'room.exists': '{{room}} already exists: join it instead',
  'room.join-to-set-subject': 'Join the room to change its subject.',
  'room.remove-bookmark-first': 'Remove the bookmark first',

  // Registration, password change and account removal refused (XEP-0077).
  'register.taken': 'That username is already taken. Choose another one.',
  'register.not-allowed': 'This server does not allow creating accounts from a client.',
  'register.remove-not-allowed': 'The server does not allow deleting the account from here.',
  'register.password-not-allowed': 'The server does not allow changing the password from here.',
  'register.not-acceptable': 'The server did not accept these details.',
  'register.not-acceptable-guess':
    'The server did not accept these details (a weak password or an invalid username?).',
  'register.bad-request': 'The server says something is missing or wrong.',
  'register.refused': 'The server refused this.',
  'register.refused-condition': 'The server refused this ({{reason}}).',
  'register.timeout': 'The server did not answer in time. Try again.',

  // Invitation links used to sign up (XEP-0401): refused before or by the server.
  'invite.not-a-link': 'This is not an invitation link.',
  'invite.existing-accounts-only':
    'This invitation is for people who already have an account: sign in, then open it.',
  'invite.other-server': 'This invitation is for {{invited}}, not {{server}}.',
  'invite.refused':
    'The invitation was refused: it has expired, has already been used, or this server does not know it.',

  // OMEMO: why a conversation cannot be encrypted, and why a message under the lock was not sent.
  'omemo.room-private-needed': 'OMEMO needs a private group chat: members-only and non-anonymous',
  'omemo.room-not-known': 'OMEMO in a group chat needs its settings: join the room first',
  'omemo.private-chat': 'OMEMO is not available in private messages through a room',
  'omemo.not-sent-offline': 'Not sent: the account is offline.',
  'omemo.not-sent-file-unencrypted':
    'Not sent: this file was uploaded unencrypted before the lock was turned on. Send the file again to upload it encrypted, or turn the lock off to send it as it is.',
  'omemo.not-sent-no-device':
    'Not sent: {{jid}} has no OMEMO device to encrypt for. Turn the lock off to send it unencrypted.',
  'omemo.not-sent-no-usable-device':
    'Not sent: none of {{jid}}’s OMEMO devices can be encrypted for ({{reasons}}). Check the contact’s devices and their trust.',
  'omemo.not-sent-no-members':
    'Not sent: the room has no other members to encrypt for. Turn the lock off to send it unencrypted.',
  'omemo.not-sent-too-many-members':
    'Not sent: the room has more than {{max}} members, too many to encrypt for. Turn the lock off to send it unencrypted.',
  'omemo.not-sent-rooms-unavailable':
    'Not sent: OMEMO is not available in this group chat. Turn the lock off to send it unencrypted.',
  'omemo.not-sent-private-message':
    'Not sent: OMEMO in private messages through a room is not available. Turn the lock off to send it unencrypted.',
  'omemo.not-sent-room-private-needed':
    'Not sent: OMEMO needs a private group chat: members-only and non-anonymous. Turn the lock off to send it unencrypted.',
  'omemo.not-sent-room-not-known':
    'Not sent: OMEMO in a group chat needs its settings: join the room first. Turn the lock off to send it unencrypted.',
  'omemo.not-sent-private-chat':
    'Not sent: OMEMO is not available in private messages through a room. Turn the lock off to send it unencrypted.',

  // Command errors.
  'command.failed': 'Something went wrong ({{command}}).',
  'account.not-found': 'No such account',
  'account.exists': '{{jid}} is already set up',
  'account.offline': '{{jid}} is not connected',
  'account.disabled': 'This account is disabled: enable it to connect',
  'account.not-ready': 'The account is not ready to send',
  'account.confirm-deletion': 'Type {{jid}} to confirm the deletion',
  'certificate.not-presented': 'That certificate is not the one the server presented',
  'connection.lost': 'The connection was lost',
  'message.not-found': 'There is no such message in this conversation',
  'message.not-own': 'Only your own messages can be changed',
  'message.deleted': 'The message was deleted',
  'message.empty': 'The message is empty',
  'message.not-from-here': 'Only messages sent from here can be sent again',
  'message.not-failed': 'This message did not fail',
  'reaction.one-emoji': 'A reaction must be one emoji',
  'reaction.not-allowed': 'This room does not allow these reactions',
  'blocking.full': 'The blocklist is full ({{max}} addresses)',
  'blocking.own': 'You cannot block your own account or server',
  'file.no-message': 'No such file message',
  'file.deleted-by-sender': 'This file was deleted by its sender',
  'file.already-sent': 'This file was already sent',
  'file.no-transfer': 'No such transfer',
  'file.not-transferred': 'The file has not been transferred yet',
  'file.gone': 'The file is no longer there (moved or deleted)',
  'file.preview-unreadable': 'The file could not be read for a preview',
  'file.open-unavailable': 'Opening files is not available here',
  'file.only-received': 'Only received files can be opened',
  'file.no-application': 'No application could open the file',
  'file.not-retryable': 'Only a failed or cancelled transfer can be retried',
} as const satisfies Record<string, string>;
