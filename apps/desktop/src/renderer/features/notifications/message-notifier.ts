import type { Message } from '@parley/contract';
import { tFor } from '../../i18n';
import { displayName, peerName } from '../../ui/names';
import { openChat } from '../chat/actions';
import { bringToFront } from '../desktop/bridge';
import { isMeAction, withoutMe } from '../chat/me-action';
import { useConversations } from '../conversations/store';
import { displayNick, mentionsNick, splitOccupantJid } from '../rooms/nick';
import { useRooms } from '../rooms/store';
import { useRoster } from '../roster/store';
import { chatKey, sameChat, useUi } from '../ui/store';
import { usePrefs } from '../settings/prefs-store';
import { playChime } from './chime';
import { defaultNotify } from './notify-mode';
import { pacedSound } from './notice-pacing';

/** Older than this, a message is history coming in (a catch-up), not news. */
export const FRESH_MS = 2 * 60_000;
const MAX_BODY = 200;
/** The body of a notice whose message text is hidden (in English; shown translated). */
export const HIDDEN_TEXT = 'New message';

const t = tFor('notifications');

/** What one desktop notification says; `tag` keeps one per conversation (the newest). */
export interface MessageNotice {
  title: string;
  body: string;
  tag: string;
}

/** Where notices go: the system's notifications (see browserNotifications), or a test's list. */
export type NoticeSink = (notice: MessageNotice, onClick: () => void) => void;

/**
 * Whether a new message deserves a desktop notification. By default as Gajim and Dino decide:
 * every message in a one-to-one or private chat, in a room only one that names our nick; the
 * conversation's own setting (all, mentions, never) overrides that. Never our own, one from
 * our other device, history, or a conversation the user is looking at.
 */
export function noticeFor(message: Message, now = Date.now()): MessageNotice | null {
  const notice = fullNoticeFor(message, now);
  if (!notice) return null;
  // Text hidden (settings: notificationText): who wrote, never what, e.g. on a shared screen.
  return usePrefs.getState().notificationText ? notice : { ...notice, body: t('New message') };
}

/** What a notice says, where one is due; before the app's notification settings apply. */
function fullNoticeFor(message: Message, now: number): MessageNotice | null {
  // Notifications off (settings: notifications): nothing at all.
  if (!usePrefs.getState().notifications) return null;
  if (message.direction !== 'in' || message.fromOtherDevice) return null;
  if (now - message.timestamp > FRESH_MS) return null;
  const ui = useUi.getState();
  const looking =
    ui.visible && document.hasFocus() && sameChat(ui.openChat, message.accountId, message.peer);
  if (looking) return null;
  const key = chatKey(message.accountId, message.peer);
  const room = useRooms.getState().rooms.get(key);
  const conversation = useConversations.getState().byKey.get(key);
  const setting = conversation?.notify ?? 'default';
  const mode = setting === 'default' ? defaultNotify(room ? 'room' : 'chat') : setting;
  if (mode === 'never') return null;
  const text = message.attachment ? `📎 ${message.attachment.name}` : message.body;
  if (room) {
    if (mode === 'mentions' && !mentionsNick(message.body, room.nick)) return null;
    const nick = displayNick(message.resource ?? '?');
    const roomName = displayName(room.name, room.jid);
    return {
      title: t('{{nick}} in {{room}}', { nick, room: roomName }),
      body: summary(text, nick),
      tag: key,
    };
  }
  const occupant = splitOccupantJid(message.peer);
  if (occupant && useRooms.getState().rooms.has(chatKey(message.accountId, occupant.room))) {
    const nick = displayNick(occupant.nick);
    return {
      title: t('{{nick}} (private, in {{room}})', {
        nick,
        room: displayName(null, occupant.room),
      }),
      body: summary(text, nick),
      tag: key,
    };
  }
  const contact = useRoster.getState().byAccount[message.accountId]?.get(message.peer);
  const name = peerName(contact, conversation?.name, message.peer);
  return { title: name, body: summary(text, name), tag: key };
}

/** One line, bounded; a "/me" action reads as one. */
function summary(text: string, actor: string): string {
  const line = isMeAction(text) ? `* ${actor} ${withoutMe(text)}` : text;
  const flat = line.replace(/\s+/gu, ' ').trim();
  return flat.length > MAX_BODY ? `${flat.slice(0, MAX_BODY - 1)}…` : flat;
}

/** The chime, once per burst however many notices it brings. */
const burstChime = pacedSound(playChime);

/**
 * The notices a batch of new messages deserves, one per conversation: its newest message that
 * deserves one (a batch is a catch-up page or what came within a frame; each notice would
 * replace the one before it anyway, the same tag). One chime for the batch.
 */
export function notifyMessages(
  messages: readonly Message[],
  sink: NoticeSink | null,
  sound: () => void = burstChime,
): void {
  if (!sink) return;
  const newest = new Map<string, { notice: MessageNotice; message: Message }>();
  for (const message of messages) {
    const notice = noticeFor(message);
    if (notice) newest.set(notice.tag, { notice, message });
  }
  if (newest.size === 0) return;
  if (usePrefs.getState().notificationSound) sound();
  for (const { notice, message } of newest.values()) {
    sink(notice, () => {
      bringToFront();
      openChat(message.accountId, message.peer).catch(() => undefined);
    });
  }
}

/**
 * The system's notifications through the web Notification API (Electron grants it, and only
 * it; a browser asks once). Null where there is none.
 */
export function browserNotifications(): NoticeSink | null {
  if (typeof Notification === 'undefined') return null;
  if (Notification.permission === 'default')
    void Notification.requestPermission().catch(() => undefined);
  return (notice, onClick) => {
    if (Notification.permission !== 'granted') return;
    // Silent: the system's own notification sound (Windows toasts, macOS) would play even with
    // our sound setting off; the chime above is the one sound, and only when it is on.
    const shown = new Notification(notice.title, {
      body: notice.body,
      tag: notice.tag,
      silent: true,
    });
    shown.onclick = () => {
      onClick();
      shown.close();
    };
  };
}
