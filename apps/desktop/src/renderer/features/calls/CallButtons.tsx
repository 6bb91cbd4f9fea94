import type { CallMedia } from '@parley/contract';
import { useT } from '../../i18n';
import { Icon } from '../../ui/Icon';
import { useContact } from '../roster/store';
import { startCall } from './actions';
import { useCurrentCall } from './store';

/**
 * Call and video-call buttons of a chat header. Shown for contacts in the roster: the backend
 * tells no device capabilities (XEP-0167 support) to the renderer yet.
 */
export function CallButtons({ accountId, peer }: { accountId: string; peer: string }) {
  const { t } = useT('calls');
  const contact = useContact(accountId, peer);
  const busy = useCurrentCall() !== null;
  if (!contact) return null;
  const start = (media: CallMedia[]) => void startCall(accountId, peer, media);
  return (
    <>
      <button
        type="button"
        className="icon-button"
        aria-label={t('Call')}
        title={t('Call')}
        disabled={busy}
        data-testid="call-audio"
        onClick={() => start(['audio'])}
      >
        <Icon name="phone" />
      </button>
      <button
        type="button"
        className="icon-button"
        aria-label={t('Video call')}
        title={t('Video call')}
        disabled={busy}
        data-testid="call-video"
        onClick={() => start(['audio', 'video'])}
      >
        <Icon name="video" />
      </button>
    </>
  );
}
