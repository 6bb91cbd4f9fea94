// A system notification for a call ringing here, besides the dialog: it is seen while the
// window is hidden or behind others. In the desktop app main shows it, with Answer and Decline
// (main/call-notification.ts); in a browser the page's own notification, whose click brings the
// window (and the dialog) forward.
import type { Call } from '@parley/contract';
import { tFor } from '../../i18n';
import { peerName } from '../../ui/names';
import { bringToFront, desktopBridge } from '../desktop/bridge';
import { browserNotifications } from '../notifications/message-notifier';
import { useRoster } from '../roster/store';
import { usePrefs } from '../settings/prefs-store';

/** The call whose notice main shows (one rings at a time). */
let noticed: string | null = null;

export function notifyIncoming(call: Call): void {
  if (!usePrefs.getState().notifications) return;
  const t = tFor('calls');
  const contact = useRoster.getState().byAccount[call.accountId]?.get(call.peer);
  const name = peerName(contact, null, call.peer);
  const title = call.media.includes('video') ? t('Incoming video call') : t('Incoming call');
  const body = t('{{name}} is calling', { name });
  const bridge = desktopBridge();
  if (bridge?.callNotice) {
    noticed = `${call.accountId} ${call.id}`;
    bridge.callNotice({
      accountId: call.accountId,
      callId: call.id,
      title,
      body,
      answer: t('Answer'),
      decline: t('Decline'),
    });
    return;
  }
  const sink = browserNotifications();
  if (!sink) return;
  sink({ title, body, tag: `call:${call.id}` }, bringToFront);
}

/** A call stopped ringing here (answered, declined, over): its notice in main goes. */
export function closeIncomingNotice(call: Call): void {
  if (noticed !== `${call.accountId} ${call.id}`) return;
  noticed = null;
  desktopBridge()?.callNotice?.(null);
}
