import { Icon } from '../../ui/Icon';
import { useRoomDialog } from './dialogs';

/** Above the chats list: join a group chat by address, create one, or browse the server's rooms. */
export function RoomsToolbar() {
  const open = useRoomDialog((s) => s.open);
  return (
    <div className="list-toolbar rooms-toolbar">
      <button
        type="button"
        className="button button-small"
        data-testid="join-room"
        onClick={() => open({ kind: 'join' })}
      >
        <Icon name="plus" size={15} />
        Join group chat
      </button>
      <button
        type="button"
        className="button button-small"
        data-testid="create-room"
        aria-label="Create group chat"
        title="Create group chat"
        onClick={() => open({ kind: 'create' })}
      >
        <Icon name="plus" size={15} />
        Create
      </button>
      <button
        type="button"
        className="button button-small"
        data-testid="browse-rooms"
        onClick={() => open({ kind: 'browse' })}
      >
        <Icon name="search" size={15} />
        Browse
      </button>
    </div>
  );
}
