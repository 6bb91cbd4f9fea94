import type { Show } from '@parley/contract';
import { tFor } from '../i18n';

const t = tFor('common');

/**
 * Display helpers. JIDs arrive from the backend already parsed and normalised (bare, as
 * @xmpp/jid prints them); here they are only shown, never compared or taken apart for protocol use.
 */
/** A bare address as a user types one: name@server, no resource, no spaces. */
export function isBareAddress(text: string): boolean {
  return /^[^\s@/]+@[^\s@/]+$/u.test(text);
}

export function localPart(jid: string): string {
  const at = jid.indexOf('@');
  return at > 0 ? jid.slice(0, at) : jid;
}

/** The roster name when set, else the localpart (like Dino). */
export function displayName(name: string | null | undefined, jid: string): string {
  const trimmed = name?.trim();
  return trimmed ? trimmed : localPart(jid);
}

/**
 * A one-to-one peer's name wherever it is shown (roster row, conversation list, chat header,
 * notifications): the roster name, else the nick they published (XEP-0172), else the
 * conversation's stored name, else the localpart.
 */
export function peerName(
  contact: { name?: string | null; nick?: string | null } | null | undefined,
  fallback: string | null | undefined,
  jid: string,
): string {
  return displayName(contact?.name?.trim() || contact?.nick?.trim() || fallback, jid);
}

/** Initials for an avatar: first letters of up to two words. */
export function initials(label: string): string {
  const words = label
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .trim()
    .split(/\s+/u)
    .filter(Boolean);
  const letters = words.slice(0, 2).map((w) => [...w][0] ?? '');
  const text = letters.join('') || [...label.trim()][0] || '?';
  return text.toUpperCase();
}

const SHOW_RANK: Record<Show, number> = {
  chat: 0,
  available: 0,
  away: 1,
  xa: 2,
  dnd: 3,
  offline: 4,
};

export function showRank(show: Show): number {
  return SHOW_RANK[show];
}

/** A presence in words, in the current language. */
export function showLabel(show: Show): string {
  // Each label written out, so extraction finds it.
  const labels: Record<Show, string> = {
    available: t('Available'),
    chat: t('Free for chat'),
    away: t('Away'),
    xa: t('Not available'),
    dnd: t('Busy'),
    offline: t('Offline'),
  };
  return labels[show];
}

/** The same as a map; each entry is translated when read, so it follows a language change. */
export const SHOW_LABEL: Readonly<Record<Show, string>> = {
  get available() {
    return showLabel('available');
  },
  get chat() {
    return showLabel('chat');
  },
  get away() {
    return showLabel('away');
  },
  get xa() {
    return showLabel('xa');
  },
  get dnd() {
    return showLabel('dnd');
  },
  get offline() {
    return showLabel('offline');
  },
};

export const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
