import type { Message, OmemoDecryptError } from '@parley/contract';
import { tFor, useT } from '../../i18n';
import { Icon } from '../../ui/Icon';
import { useOmemoLocks } from '../omemo/lock-store';
import { chatKey } from '../ui/store';

/**
 * What an OMEMO message that could not be read shows instead of its (empty) body: what happened
 * and what the user can do. Never the sender's fallback text, never an empty bubble.
 */
export function decryptErrorText(error: OmemoDecryptError, peer: string): string {
  const t = tFor('chat');
  switch (error) {
    case 'not-for-this-device':
      return t('Encrypted for other devices only — ask {{peer}} to trust this device.', { peer });
    case 'no-session':
      return t(
        "Encrypted, but there is no session with the sender's device — ask {{peer}} to send again.",
        { peer },
      );
    case 'session-broken':
      return t('Could not be decrypted: the session with this device is broken — reset it.');
    case 'bad-payload':
      return t('Could not be decrypted: the message was damaged or malformed.');
    case 'untrusted-key':
      return t(
        "Not decrypted: the sender's device showed a different key than before — check {{peer}}'s devices.",
        { peer },
      );
    case 'room-not-supported':
      return t('Encrypted group chat messages cannot be read yet.');
    case 'sender-unknown':
      return t(
        'Could not be decrypted: the room did not tell who sent it (their address is hidden, or they left before we saw them).',
      );
  }
}

/**
 * The message in place of a body it could not decrypt. `from` names the sender in the advice
 * (in a room their nick, not the room's address); the conversation's peer by default.
 */
export function DecryptErrorNote({ message, from }: { message: Message; from?: string }) {
  // Re-renders with the language; the text itself is made in decryptErrorText.
  useT('chat');
  if (!message.decryptError) return null;
  return (
    <p className="decrypt-error" data-testid="decrypt-error" data-code={message.decryptError}>
      <Icon name="warning" size={13} />{' '}
      {decryptErrorText(message.decryptError, from ?? message.peer)}
    </p>
  );
}

/**
 * Whether this conversation could be encrypted: OMEMO is on in the settings and the contact
 * has OMEMO devices, or the group chat allows it (the lock's state as the backend last said).
 */
function useEncryptable(accountId: string, peer: string): boolean {
  return useOmemoLocks((s) => {
    const lock = s.byKey[chatKey(accountId, peer)];
    if (lock === undefined || !lock.enabled) return false;
    return lock.room ? lock.room.eligible : lock.hasDevices;
  });
}

/**
 * A small lock on an encrypted message; "unverified device" while trust is blind or undecided.
 * Where the conversation could be encrypted, a message that went in the clear (the lock was
 * off, or it came unencrypted) carries an open lock instead, so it is never taken for secret.
 */
export function EncryptionMark({ message }: { message: Message }) {
  const { t } = useT('chat');
  const encryptable = useEncryptable(message.accountId, message.peer);
  // Only once it went: a pending message may still be encrypted, a failed one went nowhere.
  const went = message.status !== 'pending' && message.status !== 'failed';
  if (!message.encryption && !message.decryptError && !message.retracted && went && encryptable) {
    return (
      <span
        className="encryption-mark plain"
        data-testid="plain-mark"
        title={t('Not encrypted: sent in the clear')}
      >
        <Icon name="unlock" size={12} />
        <span className="visually-hidden">{t('Not encrypted')}</span>
      </span>
    );
  }
  if (!message.encryption || message.decryptError) return null;
  const unverified = message.trust === 'blind' || message.trust === 'undecided';
  const version = message.encryption === 'omemo2' ? 'OMEMO 2' : 'OMEMO';
  const title = unverified
    ? t('Encrypted ({{version}}) by an unverified device', { version })
    : t('Encrypted ({{version}})', { version });
  return (
    <span className="encryption-mark" data-testid="encryption-mark" title={title}>
      <Icon name="lock" size={12} />
      {unverified ? (
        <span className="unverified-device">{t('unverified device')}</span>
      ) : (
        <span className="visually-hidden">{title}</span>
      )}
    </span>
  );
}
