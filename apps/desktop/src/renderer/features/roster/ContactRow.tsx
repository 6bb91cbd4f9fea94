import type { Contact } from '@parley/contract';
import type { TFunction } from 'i18next';
import { memo } from 'react';
import { useT } from '../../i18n';
import { Avatar } from '../../ui/Avatar';
import { displayName, SHOW_LABEL } from '../../ui/names';
import { presenceWords } from '../../ui/accessible-names';
import { RowWithMenu } from '../../ui/RowWithMenu';
import { openContactDetails } from '../people/store';
import { runContactMenuAction, type ContactMenuAction } from '../blocking/contact-menu';
import { useIsBlocked } from '../blocking/store';

export type ContactAction = 'chat' | 'rename' | 'groups' | 'remove';

const actions = (t: TFunction): { action: ContactAction; label: string }[] => [
  { action: 'chat', label: t('Open chat') },
  { action: 'rename', label: t('Rename…') },
  { action: 'groups', label: t('Edit groups…') },
  { action: 'remove', label: t('Remove contact…') },
];

interface ContactRowProps {
  contact: Contact;
  onAction(action: ContactAction, contact: Contact): void;
  /** Its place for the list's arrow keys, and whether it is the list's tab stop. */
  navIndex?: number;
  tabIndex?: 0 | -1;
}

function subscriptionNote(contact: Contact, t: TFunction): string | null {
  if (contact.askSubscribe) return t('Waiting for approval');
  if (contact.subscription === 'none' || contact.subscription === 'from')
    return t('Presence not shared');
  return null;
}

/** The blocking feature's entries: send a file, invite to a room, block or unblock. */
function contactMenuEntries(contact: Contact, blocked: boolean, t: TFunction) {
  const entry = (action: ContactMenuAction, label: string, danger = false) => ({
    label,
    testId: `contact-action-${action}`,
    danger,
    onSelect: () => runContactMenuAction({ action, accountId: contact.accountId, contact }),
  });
  return [
    entry('sendFile', t('Send file…')),
    entry('invite', t('Invite to room…')),
    blocked ? entry('unblock', t('Unblock')) : entry('block', t('Block…'), true),
  ];
}

/** One roster entry: right-click or the ⋮ button for its actions, click to chat. */
export const ContactRow = memo(function ContactRow({
  contact,
  onAction,
  navIndex,
  tabIndex,
}: ContactRowProps) {
  const { t } = useT('roster');
  const name = displayName(contact.name || contact.nick, contact.jid);
  const blocked = useIsBlocked(contact.accountId, contact.jid);
  const secondary =
    (blocked ? t('Blocked') : '') ||
    contact.status ||
    subscriptionNote(contact, t) ||
    (contact.name ? contact.jid : SHOW_LABEL[contact.show]);
  return (
    <RowWithMenu
      className="contact-row"
      data-testid={`contact-${contact.jid}`}
      data-show={contact.show}
      data-blocked={blocked}
      name={name}
      menuTestId={`contact-menu-${contact.jid}`}
      {...(navIndex !== undefined ? { menuTabIndex: -1 } : {})}
      sections={[
        actions(t).map(({ action, label }) => ({
          label,
          testId: `contact-action-${action}`,
          danger: action === 'remove',
          onSelect: () => onAction(action, contact),
        })),
        [
          {
            label: t('Details…'),
            testId: 'contact-action-details',
            danger: false,
            onSelect: () => openContactDetails(contact.accountId, contact.jid),
          },
        ],
        contactMenuEntries(contact, blocked, t),
      ]}
    >
      <button
        type="button"
        className="contact-main"
        data-nav-index={navIndex}
        tabIndex={tabIndex}
        onClick={() => onAction('chat', contact)}
        title={
          contact.status
            ? t('{{jid}} — {{show}}: {{status}}', {
                jid: contact.jid,
                show: SHOW_LABEL[contact.show],
                status: contact.status,
              })
            : t('{{jid}} — {{show}}', { jid: contact.jid, show: SHOW_LABEL[contact.show] })
        }
      >
        <Avatar jid={contact.jid} label={name} size="sm" show={contact.show} />
        <span className="contact-text">
          <span className="contact-name">{name}</span>
          <span className="visually-hidden">{presenceWords(contact.show, secondary)}</span>
          <span className="contact-status">{secondary}</span>
        </span>
      </button>
    </RowWithMenu>
  );
});
