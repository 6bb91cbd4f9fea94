import type { CallMedia, Contact } from '@parley/contract';
import { useT } from '../../i18n';
import { Icon } from '../../ui/Icon';
import { useContact } from '../roster/store';
import { startCall } from './actions';
import { useCurrentCall } from './store';

/** Whether some online device of the contact can take a call with all of `media` (XEP-0115). */
export function canTake(contact: Contact, media: readonly CallMedia[]): boolean {
  return contact.resources.some(
    (r) => r.show !== 'offline' && media.every((m) => r.callMedia?.includes(m) ?? false),
  );
}

/**
 * Call and video-call buttons of a chat header, for roster contacts. A button stays disabled,
 * saying why, until one of the contact's online devices announces it can take such a call.
 */
export function CallButtons({ accountId, peer }: { accountId: string; peer: string }) {
  const { t } = useT('calls');
  const contact = useContact(accountId, peer);
  const busy = useCurrentCall() !== null;
  if (!contact) return null;
  const kinds: {
    media: CallMedia[];
    label: string;
    unable: string;
    icon: 'phone' | 'video';
    testId: string;
  }[] = [
    {
      media: ['audio'],
      label: t('Call'),
      unable: t('No device of this contact that is online can take a call'),
      icon: 'phone',
      testId: 'call-audio',
    },
    {
      media: ['audio', 'video'],
      label: t('Video call'),
      unable: t('No device of this contact that is online can take a video call'),
      icon: 'video',
      testId: 'call-video',
    },
  ];
  return (
    <>
      {kinds.map((k) => {
        const able = canTake(contact, k.media);
        return (
          <button
            key={k.testId}
            type="button"
            className="icon-button"
            aria-label={k.label}
            title={able ? k.label : k.unable}
            disabled={busy || !able}
            data-testid={k.testId}
            data-callable={able}
            onClick={() => void startCall(accountId, peer, k.media)}
          >
            <Icon name={k.icon} />
          </button>
        );
      })}
    </>
  );
}
