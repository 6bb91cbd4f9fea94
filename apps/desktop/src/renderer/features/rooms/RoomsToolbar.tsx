import { useT } from '../../i18n';
import { Icon } from '../../ui/Icon';
import { useRoomDialog } from './dialogs';

/**
 * Above the chats list: join a group chat by address, create one, or browse the server's
 * rooms. Short labels so the three fit the sidebar; each names the whole action in its title.
 */
export function RoomsToolbar() {
  const { t } = useT('rooms');
  const open = useRoomDialog((s) => s.open);
  const action = (
    testId: string,
    icon: 'plus' | 'search',
    label: string,
    title: string,
    kind: 'join' | 'create' | 'browse',
  ) => (
    <button
      type="button"
      className="button button-small"
      data-testid={testId}
      title={title}
      aria-label={title}
      onClick={() => open({ kind })}
    >
      <Icon name={icon} size={15} />
      {label}
    </button>
  );
  return (
    <div className="list-toolbar rooms-toolbar">
      {action('join-room', 'plus', t('Join'), t('Join group chat'), 'join')}
      {action('create-room', 'plus', t('Create'), t('Create group chat'), 'create')}
      {action('browse-rooms', 'search', t('Browse'), t('Browse group chats'), 'browse')}
    </div>
  );
}
