import * as ContextMenu from '@radix-ui/react-context-menu';
import * as Menu from '@radix-ui/react-dropdown-menu';
import type { ComponentPropsWithoutRef, ReactNode } from 'react';
import { useT } from '../i18n';
import { Icon } from './Icon';

export interface RowMenuEntry {
  label: string;
  /** Also the entry's key: unique within the row. */
  testId: string;
  /** Shown in red: the entry removes or bans. */
  danger?: boolean;
  onSelect(): void;
}

interface RowWithMenuProps extends ComponentPropsWithoutRef<'div'> {
  /** Who or what the row is, for the ⋮ button's name: "Actions for …". */
  name: string;
  menuTestId: string;
  /** The entries in sections; a line separates a section from the ones before it. */
  sections: RowMenuEntry[][];
  /** The row's content before the ⋮ button. */
  children: ReactNode;
  /**
   * -1 in a list with roving focus (one tab stop per list): the actions are then reached by
   * Shift+F10 or the Menu key on the row.
   */
  menuTabIndex?: -1;
}

/**
 * A list row (contact, occupant) whose actions open from its ⋮ button and by right-click: both
 * menus hold the same entries, so a mouse, a keyboard and a touchpad reach the same actions.
 */
export function RowWithMenu({
  name,
  menuTestId,
  sections,
  children,
  menuTabIndex,
  ...row
}: RowWithMenuProps) {
  const { t } = useT('common');
  // Only one of the two menus is ever open, so the entries can carry the same testids.
  const entries = (kit: typeof Menu | typeof ContextMenu) =>
    sections
      .filter((section) => section.length > 0)
      .flatMap((section, i) => [
        ...(i > 0 ? [<kit.Separator key={`separator-${i}`} className="menu-separator" />] : []),
        ...section.map((entry) => (
          <kit.Item
            key={entry.testId}
            className={`menu-item${entry.danger ? ' danger' : ''}`}
            data-testid={entry.testId}
            onSelect={() => entry.onSelect()}
          >
            {entry.label}
          </kit.Item>
        )),
      ]);

  return (
    <ContextMenu.Root>
      <ContextMenu.Trigger asChild>
        <div {...row}>
          {children}
          <Menu.Root>
            <Menu.Trigger asChild>
              <button
                type="button"
                className="icon-button row-menu-button"
                aria-label={t('Actions for {{name}}', { name })}
                data-testid={menuTestId}
                tabIndex={menuTabIndex}
              >
                <Icon name="more" size={16} />
              </button>
            </Menu.Trigger>
            <Menu.Portal>
              <Menu.Content className="menu" align="end" sideOffset={4}>
                {entries(Menu)}
              </Menu.Content>
            </Menu.Portal>
          </Menu.Root>
        </div>
      </ContextMenu.Trigger>
      <ContextMenu.Portal>
        <ContextMenu.Content className="menu">{entries(ContextMenu)}</ContextMenu.Content>
      </ContextMenu.Portal>
    </ContextMenu.Root>
  );
}
