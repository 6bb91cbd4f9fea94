import { useState } from 'react';
import type { Account } from '@parley/contract';
import { useT } from '../../i18n';
import { deferred } from '../../ui/deferred';
import { Icon } from '../../ui/Icon';

// Loaded when opened: the button is on the first screen, the dialog is not.
const AvatarDialog = deferred(() => import('./AvatarDialog').then((m) => m.AvatarDialog), {
  useOpen: (props) => props.open,
});

/** The account header's entry to our own avatar. */
export function OwnAvatarButton({ account }: { account: Account }) {
  const { t } = useT('avatars');
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="icon-button"
        aria-label={t('Change your avatar')}
        title={t('Change your avatar')}
        data-testid="own-avatar"
        onClick={() => setOpen(true)}
      >
        <Icon name="image" />
      </button>
      <AvatarDialog target={{ kind: 'own', account }} open={open} onOpenChange={setOpen} />
    </>
  );
}
