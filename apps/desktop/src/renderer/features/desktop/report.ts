import {
  MAX_REPORTED_CHATS,
  MAX_UNREAD,
  type Account,
  type Conversation,
  type DesktopReport,
  type TrayShow,
} from '@parley/contract';
import { defaultNotify } from '../notifications/notify-mode';

const MAX_NAME = 100;

function bounded(n: number): number {
  return Math.min(MAX_UNREAD, Math.max(0, Math.floor(n)));
}

/**
 * How many unread messages call for the user's attention, by the same rule as notifications:
 * in a chat every message, in a room those naming us, as the conversation's own setting says.
 */
export function attentionCount(conversations: Iterable<Conversation>): number {
  let total = 0;
  for (const c of conversations) {
    const mode =
      c.notify === 'default' ? defaultNotify(c.kind === 'room' ? 'room' : 'chat') : c.notify;
    if (mode === 'all') total += c.unread;
    else if (mode === 'mentions') total += c.kind === 'room' ? c.mentions : 0;
  }
  return total;
}

/** The presence the tray shows: the first connected account's, or offline. */
export function trayPresence(accounts: readonly Account[]): TrayShow {
  const online = accounts.find((a) => a.enabled && a.state === 'online');
  return online
    ? online.ownPresence.show === 'chat'
      ? 'available'
      : online.ownPresence.show
    : 'offline';
}

/** What the tray and badge show, from the renderer's state; every number bounded. */
export function desktopReport(
  accounts: readonly Account[],
  conversations: Iterable<Conversation>,
): DesktopReport {
  const all = [...conversations];
  const unread = all.reduce((sum, c) => sum + c.unread, 0);
  const mentions = all.reduce((sum, c) => sum + c.mentions, 0);
  const chats = all
    .filter((c) => c.unread > 0 && c.notify !== 'never')
    .sort(
      (a, b) =>
        (b.lastMessage?.timestamp ?? b.updatedAt) - (a.lastMessage?.timestamp ?? a.updatedAt),
    )
    .slice(0, MAX_REPORTED_CHATS)
    .map((c) => ({
      accountId: c.accountId,
      peer: c.peer,
      name: (c.name.trim() || c.peer).slice(0, MAX_NAME),
      unread: bounded(c.unread),
    }));
  return {
    unread: bounded(unread),
    mentions: bounded(mentions),
    presence: trayPresence(accounts),
    chats,
  };
}
