import type { Contact } from '@parley/contract';
import { useCallback, useId, useState } from 'react';
import { Icon } from '../../ui/Icon';
import { openChat } from '../chat/actions';
import { ContactDialogs, type ContactDialogState } from './ContactDialogs';
import type { ContactAction } from './ContactRow';
import { RosterList } from './RosterList';
import { useContacts } from './store';
import { SubscriptionRequests } from './SubscriptionRequests';

/** The Contacts tab: requests, filter, add, and the roster of the active account. */
export function RosterPane({ accountId }: { accountId: string }) {
  const id = useId();
  const contacts = useContacts(accountId);
  const [filter, setFilter] = useState('');
  const [dialog, setDialog] = useState<ContactDialogState>(null);
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
        <label htmlFor={`${id}-filter`} className="visually-hidden">
          Filter contacts
        </label>
        <span className="search-box">
          <Icon name="search" size={16} />
          <input
            id={`${id}-filter`}
            type="search"
            placeholder="Filter contacts"
            data-testid="roster-filter"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            onKeyDown={(e) => e.key === 'Escape' && setFilter('')}
          />
        </span>
        <button
          type="button"
          className="icon-button"
          aria-label="Add contact"
          title="Add contact"
          data-testid="add-contact-button"
          onClick={() => setDialog({ kind: 'add' })}
        >
          <Icon name="userPlus" />
        </button>
      </div>
      <RosterList contacts={contacts} filter={filter} onAction={onAction} />
      <ContactDialogs accountId={accountId} state={dialog} onClose={() => setDialog(null)} />
    </div>
  );
}
