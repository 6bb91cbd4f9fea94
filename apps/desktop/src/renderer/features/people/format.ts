import type { Contact } from '@parley/contract';
import { tFor } from '../../i18n';

const t = tFor('people');

/** A UTC offset in minutes as "UTC+05:30". */
export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '−' : '+';
  const abs = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * Their local wall-clock time: the instant they answered (`utcMs`), moved by how long ago we
 * asked (`elapsedMs`), shown in their offset rather than ours.
 */
export function theirLocalTime(utcMs: number, tzoMinutes: number, elapsedMs = 0): string {
  const shifted = new Date(utcMs + elapsedMs + tzoMinutes * 60_000);
  const hh = String(shifted.getUTCHours()).padStart(2, '0');
  const mm = String(shifted.getUTCMinutes()).padStart(2, '0');
  return `${hh}:${mm} (${formatOffset(tzoMinutes)})`;
}

/** "3 minutes ago", "2 days ago": how long since, in the largest whole unit. */
export function agoText(seconds: number): string {
  const days = Math.floor(seconds / 86_400);
  if (days >= 1) return t('{{count, number}} days ago', { count: days });
  const hours = Math.floor(seconds / 3_600);
  if (hours >= 1) return t('{{count}} hours ago', { count: hours });
  const minutes = Math.floor(seconds / 60);
  if (minutes >= 1) return t('{{count}} minutes ago', { count: minutes });
  return t('just now');
}

/** The subscription state in words, as the user thinks of it. */
export function subscriptionWords(contact: Pick<Contact, 'subscription' | 'askSubscribe'>): string {
  const waiting = contact.askSubscribe;
  switch (contact.subscription) {
    case 'both':
      return t('You see each other’s presence.');
    case 'to':
      return t('You see their presence; they do not see yours.');
    case 'from':
      return waiting
        ? t(
            'They see your presence; you do not see theirs. You asked to see theirs; no answer yet.',
          )
        : t('They see your presence; you do not see theirs.');
    default:
      return waiting
        ? t('Neither of you sees the other’s presence. You asked to see theirs; no answer yet.')
        : t('Neither of you sees the other’s presence.');
  }
}

/** The `xmpp:` URI of an address (RFC 5122), for copying and sharing. */
export function xmppUri(jid: string): string {
  return `xmpp:${encodeURI(jid).replace(/[?#]/g, encodeURIComponent)}`;
}
