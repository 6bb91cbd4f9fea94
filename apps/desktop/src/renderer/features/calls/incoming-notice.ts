// A system notification for a call ringing here, besides the dialog: it is seen while the
// window is hidden or behind others. Clicking it brings the window (and the dialog) forward.
import type { Call } from '@parley/contract';
import { tFor } from '../../i18n';
import { peerName } from '../../ui/names';
import { bringToFront } from '../desktop/bridge';
import { browserNotifications } from '../notifications/message-notifier';
import { useRoster } from '../roster/store';
import { usePrefs } from '../settings/prefs-store';

export function notifyIncoming(call: Call): void {
  if (!usePrefs.getState().notifications) return;
  const sink = browserNotifications();
  if (!sink) return;
  const t = tFor('calls');
  const contact = useRoster.getState().byAccount[call.accountId]?.get(call.peer);
  const name = peerName(contact, null, call.peer);
  sink(
    {
      title: call.media.includes('video') ? t('Incoming video call') : t('Incoming call'),
      body: t('{{name}} is calling', { name }),
      tag: `call:${call.id}`,
    },
    bringToFront,
  );
}
