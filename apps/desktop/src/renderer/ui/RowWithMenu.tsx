import * as Menu from '@radix-ui/react-dropdown-menu';
import {
  useRef,
  useState,
  type ComponentPropsWithoutRef,
  type KeyboardEvent,
  type MouseEvent,
  type PointerEvent,
  type ReactNode,
} from 'react';
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
  /**
   * The entries in sections; a line separates a section from the ones before it. A function is
   * asked only when the menu opens (a timeline's rows need not word their entries to be shown).
   */
  sections: RowMenuEntry[][] | (() => RowMenuEntry[][]);
  /** The row's content before the ⋮ button. */
  children: ReactNode;
  /**
   * -1 in a list with roving focus (one tab stop per list): the actions are then reached by
   * Shift+F10 or the Menu key on the row.
   */
  menuTabIndex?: -1;
}

/** Where the open menu hangs, in the viewport: the ⋮ button, or the point right-clicked. */
interface Anchor {
  from: 'button' | 'pointer';
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * A list row (contact, occupant, message) whose actions open from its ⋮ button and by
 * right-click (or Shift+F10 and the Menu key), the same entries either way, so a mouse, a
 * keyboard and a touchpad reach the same actions. The menu itself exists only while open: a
 * closed row is its content and a plain button. A timeline mounts a screenful of rows at each
 * batch of new messages, and two menus' worth of components and document listeners per row
 * made mounting them the larger part of a catch-up's slow frames (bench/omemo-frames.ts).
 */
export function RowWithMenu({
  name,
  menuTestId,
  sections,
  children,
  menuTabIndex,
  onContextMenu,
  ...row
}: RowWithMenuProps) {
  const { t } = useT('common');
  const [anchor, setAnchor] = useState<Anchor | null>(null);
  const rowRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  const openAtButton = (): void => {
    const box = buttonRef.current?.getBoundingClientRect();
    if (!box) return;
    setAnchor({
      from: 'button',
      left: box.left,
      top: box.top,
      width: box.width,
      height: box.height,
    });
  };
  const onButtonPointerDown = (event: PointerEvent<HTMLButtonElement>): void => {
    // As a menu button: it opens on press, and the menu (not the button) takes the focus.
    if (event.button !== 0 || event.ctrlKey) return;
    event.preventDefault();
    if (anchor) setAnchor(null);
    else openAtButton();
  };
  const onButtonKeyDown = (event: KeyboardEvent<HTMLButtonElement>): void => {
    if (!['Enter', ' ', 'ArrowDown'].includes(event.key)) return;
    event.preventDefault();
    openAtButton();
  };
  const onRowContextMenu = (event: MouseEvent<HTMLDivElement>): void => {
    onContextMenu?.(event);
    if (event.defaultPrevented) return;
    event.preventDefault();
    setAnchor({ from: 'pointer', left: event.clientX, top: event.clientY, width: 0, height: 0 });
  };

  const entries = anchor ? (typeof sections === 'function' ? sections() : sections) : [];
  return (
    <div
      {...row}
      ref={rowRef}
      // Marked while its menu is open, so the row stays highlighted under the menu.
      data-menu={anchor ? 'open' : undefined}
      onContextMenu={onRowContextMenu}
    >
      {children}
      <button
        ref={buttonRef}
        type="button"
        className="icon-button row-menu-button"
        aria-label={t('Actions for {{name}}', { name })}
        aria-haspopup="menu"
        aria-expanded={anchor?.from === 'button'}
        data-state={anchor?.from === 'button' ? 'open' : 'closed'}
        data-testid={menuTestId}
        tabIndex={menuTabIndex}
        onPointerDown={onButtonPointerDown}
        onKeyDown={onButtonKeyDown}
      >
        <Icon name="more" size={16} />
      </button>
      {anchor && (
        <Menu.Root open onOpenChange={(open) => !open && setAnchor(null)}>
          <Menu.Trigger asChild>
            <span
              className="row-menu-anchor"
              aria-hidden="true"
              tabIndex={-1}
              style={{
                left: anchor.left,
                top: anchor.top,
                width: anchor.width,
                height: anchor.height,
              }}
            />
          </Menu.Trigger>
          <Menu.Portal>
            <Menu.Content
              className="menu"
              align={anchor.from === 'button' ? 'end' : 'start'}
              sideOffset={anchor.from === 'button' ? 4 : 0}
              onCloseAutoFocus={(event) => {
                // Back to where the menu was opened from, not to the invisible anchor.
                event.preventDefault();
                (anchor.from === 'button' ? buttonRef.current : rowRef.current)?.focus();
              }}
            >
              {entries
                .filter((section) => section.length > 0)
                .flatMap((section, i) => [
                  ...(i > 0
                    ? [<Menu.Separator key={`separator-${i}`} className="menu-separator" />]
                    : []),
                  ...section.map((entry) => (
                    <Menu.Item
                      key={entry.testId}
                      className={`menu-item${entry.danger ? ' danger' : ''}`}
                      data-testid={entry.testId}
                      onSelect={() => entry.onSelect()}
                    >
                      {entry.label}
                    </Menu.Item>
                  )),
                ])}
            </Menu.Content>
          </Menu.Portal>
        </Menu.Root>
      )}
    </div>
  );
}
