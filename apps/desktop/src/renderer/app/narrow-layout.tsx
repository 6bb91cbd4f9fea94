import { useEffect } from 'react';
import { useRoomPrefs } from '../features/rooms/dialogs';
import { totalUnread, useConversations } from '../features/conversations/store';
import { useUi } from '../features/ui/store';
import { useT } from '../i18n';
import { Icon } from '../ui/Icon';
import { useNav } from './shortcuts/store';

/** Below this width the sidebar becomes a drawer (the same width as in styles.css). */
export const NARROW_QUERY = '(max-width: 899.98px)';
/**
 * Below this width a room's member list is an overlay: beside the 320 px sidebar and the
 * 260 px list, the messages would get less than 560 px.
 */
export const MEMBERS_OVERLAY_QUERY = '(max-width: 1139.98px)';

/** Follows the window's width: the room member panel and the drawer depend on it. */
export function useNarrowLayout(): void {
  useEffect(() => {
    if (typeof window.matchMedia !== 'function') return;
    const narrow = window.matchMedia(NARROW_QUERY);
    const members = window.matchMedia(MEMBERS_OVERLAY_QUERY);
    const apply = () => {
      useRoomPrefs.getState().setNarrow(members.matches);
      if (!narrow.matches) useNav.getState().setDrawerOpen(false);
    };
    apply();
    narrow.addEventListener('change', apply);
    members.addEventListener('change', apply);
    return () => {
      narrow.removeEventListener('change', apply);
      members.removeEventListener('change', apply);
    };
  }, []);
  // Opening a conversation from the drawer shows it: the drawer steps aside.
  useEffect(
    () =>
      useUi.subscribe((s, prev) => {
        if (s.openChat !== prev.openChat) useNav.getState().setDrawerOpen(false);
      }),
    [],
  );
}

/** Moves the focus into the drawer when it opens, so the keyboard follows the eye. */
function focusDrawer(): void {
  requestAnimationFrame(() =>
    document.querySelector<HTMLElement>('#sidebar [role="tab"][aria-selected="true"]')?.focus(),
  );
}

/** The strip that replaces the sidebar on a narrow window: its button opens the drawer. */
export function DrawerRail() {
  const { t } = useT('common');
  const open = useNav((s) => s.drawerOpen);
  const unread = useConversations((s) => totalUnread(s.byKey));
  return (
    <nav className="drawer-rail" aria-label={t('Sidebar')}>
      <button
        type="button"
        className="icon-button drawer-toggle"
        data-testid="drawer-toggle"
        aria-expanded={open}
        aria-controls="sidebar"
        aria-label={open ? t('Close the sidebar') : t('Open the sidebar')}
        title={open ? t('Close the sidebar (Esc)') : t('Conversations and contacts')}
        onClick={() => {
          useNav.getState().setDrawerOpen(!open);
          if (!open) focusDrawer();
        }}
      >
        <Icon name="menu" />
        {unread > 0 && (
          <span
            className="drawer-unread"
            aria-label={t('({{count, number}} unread)', { count: unread })}
          >
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
    </nav>
  );
}

/** Dims the conversation under the open drawer; a click on it closes the drawer. */
export function DrawerBackdrop() {
  const open = useNav((s) => s.drawerOpen);
  if (!open) return null;
  return (
    <div
      className="drawer-backdrop"
      data-testid="drawer-backdrop"
      aria-hidden="true"
      onClick={() => useNav.getState().setDrawerOpen(false)}
    />
  );
}
