import type { Contact } from '@parley/contract';
import * as ContextMenu from '@radix-ui/react-context-menu';
import * as Menu from '@radix-ui/react-dropdown-menu';
import { memo } from 'react';
import { Avatar } from '../../ui/Avatar';
import { Icon } from '../../ui/Icon';
import { displayName, SHOW_LABEL } from '../../ui/names';

export type ContactAction = 'chat' | 'rename' | 'groups' | 'remove';

const ACTIONS: { action: ContactAction; label: string }[] = [
  { action: 'chat', label: 'Open chat' },
  { action: 'rename', label: 'Rename…' },
  { action: 'groups', label: 'Edit groups…' },
  { action: 'remove', label: 'Remove contact…' },
];

interface ContactRowProps {
  contact: Contact;
  onAction(action: ContactAction, contact: Contact): void;
}

function subscriptionNote(contact: Contact): string | null {
  if (contact.askSubscribe) return 'Waiting for approval';
  if (contact.subscription === 'none' || contact.subscription === 'from')
    return 'Presence not shared';
  return null;
}

/** One roster entry: right-click or the ⋮ button for its actions, click to chat. */
export const ContactRow = memo(function ContactRow({ contact, onAction }: ContactRowProps) {
  const name = displayName(contact.name, contact.jid);
  const secondary =
    contact.status ||
    subscriptionNote(contact) ||
    (contact.name ? contact.jid : SHOW_LABEL[contact.show]);
  return (
    <ContextMenu.Root>
      <ContextMenu.Trigger asChild>
        <div
          className="contact-row"
          data-testid={`contact-${contact.jid}`}
          data-show={contact.show}
        >
          <button
            type="button"
            className="contact-main"
            onClick={() => onAction('chat', contact)}
            title={`${contact.jid} — ${SHOW_LABEL[contact.show]}${contact.status ? `: ${contact.status}` : ''}`}
          >
            <Avatar jid={contact.jid} label={name} size="sm" show={contact.show} />
            <span className="contact-text">
              <span className="contact-name">{name}</span>
              <span className="contact-status">{secondary}</span>
            </span>
          </button>
          <Menu.Root>
            <Menu.Trigger asChild>
              <button
                type="button"
                className="icon-button row-menu-button"
                aria-label={`Actions for ${name}`}
                data-testid={`contact-menu-${contact.jid}`}
              >
                <Icon name="more" size={16} />
              </button>
            </Menu.Trigger>
            <Menu.Portal>
              <Menu.Content className="menu" align="end" sideOffset={4}>
                {ACTIONS.map(({ action, label }) => (
                  <Menu.Item
                    key={action}
                    className={`menu-item${action === 'remove' ? ' danger' : ''}`}
                    data-testid={`contact-action-${action}`}
                    onSelect={() => onAction(action, contact)}
                  >
                    {label}
                  </Menu.Item>
                ))}
              </Menu.Content>
            </Menu.Portal>
          </Menu.Root>
        </div>
      </ContextMenu.Trigger>
      <ContextMenu.Portal>
        <ContextMenu.Content className="menu">
          {ACTIONS.map(({ action, label }) => (
            <ContextMenu.Item
              key={action}
              className={`menu-item${action === 'remove' ? ' danger' : ''}`}
              onSelect={() => onAction(action, contact)}
            >
              {label}
            </ContextMenu.Item>
          ))}
        </ContextMenu.Content>
      </ContextMenu.Portal>
    </ContextMenu.Root>
  );
});
