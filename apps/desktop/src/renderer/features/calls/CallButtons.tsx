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
  const kinds: { media: CallMedia[]; label: string; icon: 'phone' | 'video'; testId: string }[] = [
    { media: ['audio'], label: t('Call'), icon: 'phone', testId: 'call-audio' },
    { media: ['audio', 'video'], label: t('Video call'), icon: 'video', testId: 'call-video' },
  ];
  return (
    <>
      {kinds.map((k) => (
        <button
          key={k.testId}
          type="button"
          className="icon-button"
          aria-label={k.label}
          title={k.label}
          disabled={busy}
          data-testid={k.testId}
          onClick={() => void startCall(accountId, peer, k.media)}
        >
          <Icon name={k.icon} />
        </button>
      ))}
    </>
  );
}
