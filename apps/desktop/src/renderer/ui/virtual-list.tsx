import { forwardRef, type HTMLAttributes, type ReactNode } from 'react';

type DivProps = HTMLAttributes<HTMLDivElement> & { children?: ReactNode };

/** What Virtuoso hands its Item and Group components besides DOM props: not for the DOM. */
type VirtuosoExtras = { item?: unknown; context?: unknown };

/**
 * Virtuoso `components` that make a virtual list a list to screen readers: the list element
 * is `role="list"` with `label`, each row (and each group header) a `listitem`. Virtuoso
 * renders plain divs otherwise, and a screen reader then cannot say "list, 12 items".
 */
/** `label` is read at each render, so the list's name follows the language. */
export function listComponents(label: () => string) {
  const List = forwardRef<HTMLDivElement, DivProps & VirtuosoExtras>(function List(
    { children, item: _item, context: _context, ...props },
    ref,
  ) {
    // A grouped list renders the current group's sticky header through List too, in its own
    // element: the name belongs to the list of rows only.
    const top = (props as Record<string, unknown>)['data-testid'] === 'virtuoso-top-item-list';
    return (
      <div {...props} ref={ref} role="list" aria-label={top ? undefined : label()}>
        {children}
      </div>
    );
  });
  const Item = ({
    children,
    item: _item,
    context: _context,
    ...props
  }: DivProps & VirtuosoExtras) => (
    <div {...props} role="listitem">
      {children}
    </div>
  );
  const Group = ({
    children,
    item: _item,
    context: _context,
    ...props
  }: DivProps & VirtuosoExtras) => (
    <div {...props} role="listitem">
      {children}
    </div>
  );
  return { List, Item, Group };
}
