import { ContactDetailsDialog } from './ContactDetailsDialog';
import { ProfileDialog } from './ProfileDialog';
import { usePeople } from './store';

/** The people dialogs (contact details, our profile), opened from anywhere through usePeople. */
export function PeopleDialogs() {
  const details = usePeople((s) => s.details);
  const profileOf = usePeople((s) => s.profileOf);
  const close = usePeople((s) => s.close);
  if (details) return <ContactDetailsDialog {...details} onClose={close} />;
  if (profileOf) return <ProfileDialog accountId={profileOf} onClose={close} />;
  return null;
}
