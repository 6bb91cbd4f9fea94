import { useEffect, useState } from 'react';
import type { OmemoConversationState } from '@parley/contract';
import { errorText, getClient } from '../../app/client';
import { tFor, useT } from '../../i18n';
import { Icon } from '../../ui/Icon';
import { chatKey } from '../ui/store';
import { useOmemoLocks } from './lock-store';
import { backendTextWords } from '../../i18n/backend-texts';

/** Why the lock is as it is, in words (its tooltip and accessible description). */
export function lockTitle(state: OmemoConversationState | undefined): string {
  const t = tFor('omemo');
  if (!state) return t('OMEMO encryption');
  if (!state.enabled) return t('OMEMO is off in the settings');
  if (state.room) return roomLockTitle(state.encryption === 'omemo', state.room);
  if (state.encryption === 'omemo') return t('Encrypted with OMEMO: click to send unencrypted');
  if (!state.hasDevices) return t('This contact has no OMEMO devices: messages go unencrypted');
  return t('Not encrypted: click to encrypt with OMEMO');
}

/** A group chat's lock in words: for every member, or why the room does not allow it. */
function roomLockTitle(on: boolean, room: NonNullable<OmemoConversationState['room']>): string {
  const t = tFor('omemo');
  if (on && room.eligible) {
    return t("Encrypted with OMEMO for every member's devices: click to send unencrypted");
  }
  // The room's reason comes from the backend: as a text in the language, else its English.
  const reason =
    (room.reasonText && backendTextWords(room.reasonText)) ??
    room.reason ??
    t('OMEMO is not possible here');
  if (on) return t('{{reason}}: nothing is sent until you turn the lock off', { reason });
  if (!room.eligible) return t('{{reason}}: messages go unencrypted', { reason });
  return t("Not encrypted: click to encrypt with OMEMO for every member's devices");
}

/** Whether the lock may be turned on: a room that allows it, or a contact with devices. */
function canTurnOn(state: OmemoConversationState): boolean {
  return state.room ? state.room.eligible : state.hasDevices;
}

/**
 * The chat header's lock (issue 10): on = messages are sent with OMEMO or not at all. Disabled
 * while OMEMO is off in the settings, or (when off) while the contact has no OMEMO devices or
 * the group chat is not private (members-only and non-anonymous).
 */
export function LockButton({ accountId, peer }: { accountId: string; peer: string }) {
  const { t } = useT('omemo');
  const state = useOmemoLocks((s) => s.byKey[chatKey(accountId, peer)]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const client = getClient();
    const ask = () =>
      client
        .call('omemo.conversation.get', { accountId, peer })
        .then((got) => useOmemoLocks.getState().put(got))
        .catch((e: unknown) => setError(errorText(e)));
    void ask();
    // The setting turned on or off while the chat is open: the lock's state changes with it
    // (and with it on, the default may now be decided), so ask again.
    const off = client.on('settings.changed', (entry) => {
      if (entry.key === 'omemo') void ask();
    });
    return off;
  }, [accountId, peer]);
  const on = state?.enabled === true && state.encryption === 'omemo';
  // Turning it off is always possible; turning it on needs the setting and the contact's
  // devices (in a group chat: a members-only, non-anonymous room).
  const disabled = !state || !state.enabled || (!on && !canTurnOn(state));
  const toggle = () => {
    setError(null);
    getClient()
      .call('omemo.conversation.set', { accountId, peer, encryption: on ? 'off' : 'omemo' })
      .then((got) => useOmemoLocks.getState().put(got))
      .catch((e: unknown) => setError(errorText(e)));
  };
  const title = error ?? lockTitle(state);
  return (
    <button
      type="button"
      className="icon-button"
      aria-label={on ? t('OMEMO encryption on') : t('OMEMO encryption off')}
      aria-pressed={on}
      title={title}
      aria-description={title}
      disabled={disabled}
      data-testid="omemo-lock"
      data-state={on ? 'on' : 'off'}
      onClick={toggle}
    >
      <Icon name={on ? 'lock' : 'unlock'} size={18} />
    </button>
  );
}
