import type { Contact } from '@parley/contract';
import { useCallback, useState } from 'react';
import { useT } from '../../i18n';
import { Icon } from '../../ui/Icon';
import { SearchBox } from '../../ui/SearchBox';
import { openChat } from '../chat/actions';
import { ContactDialogs, type ContactDialogState } from './ContactDialogs';
import type { ContactAction } from './ContactRow';
import { RosterList } from './RosterList';
import { useContacts } from './store';
import { SubscriptionRequests } from './SubscriptionRequests';
import { ContactMenuHost } from '../blocking/ContactMenuHost';
import { InviteDialog } from '../invites/InviteDialog';

/** The Contacts tab: requests, filter, add, and the roster of the active account. */
export function RosterPane({ accountId }: { accountId: string }) {
  const { t } = useT('roster');
  const contacts = useContacts(accountId);
  const [filter, setFilter] = useState('');
  const [dialog, setDialog] = useState<ContactDialogState>(null);
  const [inviting, setInviting] = useState(false);
  const onAction = useCallback(
    (action: ContactAction, contact: Contact) => {
      if (action === 'chat') {
        openChat(accountId, contact.jid).catch((e: unknown) => console.warn('open chat', e));
      } else {
        setDialog({ kind: action, contact });
      }
    },
    [accountId],
  );
  return (
    <div className="roster-pane">
      <SubscriptionRequests accountId={accountId} />
      <div className="list-toolbar">
        <SearchBox
          label={t('Filter contacts')}
          placeholder={t('Filter contacts')}
          testId="roster-filter"
          value={filter}
          onChange={setFilter}
          clearOnEscape
        />
        <button
          type="button"
          className="icon-button"
          aria-label={t('Add contact')}
          title={t('Add contact')}
          data-testid="add-contact-button"
          onClick={() => setDialog({ kind: 'add' })}
        >
          <Icon name="userPlus" />
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label={t('Invite someone')}
          title={t('Invite someone')}
          data-testid="invite-button"
          onClick={() => setInviting(true)}
        >
          <Icon name="invite" />
        </button>
      </div>
      <RosterList contacts={contacts} filter={filter} onAction={onAction} />
      <ContactDialogs accountId={accountId} state={dialog} onClose={() => setDialog(null)} />
      <ContactMenuHost />
      <InviteDialog accountId={accountId} open={inviting} onOpenChange={setInviting} />
    </div>
  );
}
