import type { Contact } from '@parley/contract';
import { useCallback, useMemo, useRef, useState } from 'react';
import { GroupedVirtuoso, type GroupedVirtuosoHandle } from 'react-virtuoso';
import { tFor, useT } from '../../i18n';
import { Icon } from '../../ui/Icon';
import { ListScroller } from '../../ui/ListScroller';
import { useListNavigation } from '../../ui/useListNavigation';
import { listComponents } from '../../ui/virtual-list';
import { ContactRow, type ContactAction } from './ContactRow';
import { buildRosterView, DEFAULT_GROUP } from './view-model';

interface RosterListProps {
  contacts: ReadonlyMap<string, Contact>;
  filter: string;
  onAction(action: ContactAction, contact: Contact): void;
}

const tList = tFor('roster');
// No tab stop of its own (roving focus) and a named list of rows.
const COMPONENTS = { Scroller: ListScroller, ...listComponents(() => tList('Contacts')) };

/** The roster, grouped and virtualised: only the rows on screen exist in the DOM. */
export function RosterList({ contacts, filter, onAction }: RosterListProps) {
  const { t } = useT('roster');
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());
  const view = useMemo(
    () => buildRosterView(contacts.values(), filter, collapsed),
    [contacts, filter, collapsed],
  );
  const toggle = useCallback((group: string) => {
    setCollapsed((current) => {
      const next = new Set(current);
      if (!next.delete(group)) next.add(group);
      return next;
    });
  }, []);

  const virtuoso = useRef<GroupedVirtuosoHandle>(null);
  const nav = useListNavigation({
    count: view.rows.length,
    reveal: useCallback((index: number) => virtuoso.current?.scrollIntoView({ index }), []),
    onRename: (index) => {
      const contact = view.rows[index];
      if (contact) onAction('rename', contact);
    },
  });

  if (view.groups.length === 0) {
    return (
      <p className="empty-note" data-testid="roster-empty">
        {filter.trim()
          ? t('No contact matches.')
          : t('No contacts yet. Add someone by their address.')}
      </p>
    );
  }

  return (
    <GroupedVirtuoso
      ref={virtuoso}
      components={COMPONENTS}
      {...nav.listProps}
      rangeChanged={nav.rangeChanged}
      className="roster-list"
      data-testid="roster-list"
      groupCounts={view.groupCounts}
      increaseViewportBy={200}
      computeItemKey={(index) => {
        const contact = view.rows[index];
        return contact ? `${view.rowGroups[index]}\u0000${contact.jid}` : `row-${index}`;
      }}
      groupContent={(index) => {
        const group = view.groups[index];
        if (!group) return null;
        return (
          <button
            type="button"
            className="roster-group"
            aria-expanded={!group.collapsed}
            onClick={() => toggle(group.name)}
            data-testid={`roster-group-${group.name}`}
          >
            <Icon name={group.collapsed ? 'chevronRight' : 'chevronDown'} size={14} />
            <span className="grow">
              {group.name === DEFAULT_GROUP ? t('Contacts') : group.name}
            </span>
            <span
              className="roster-group-count"
              aria-label={t('{{online}} of {{total}} online', {
                online: group.online,
                total: group.total,
              })}
            >
              {group.online}/{group.total}
            </span>
          </button>
        );
      }}
      itemContent={(index) => {
        const contact = view.rows[index];
        return contact ? (
          <ContactRow
            contact={contact}
            onAction={onAction}
            navIndex={index}
            tabIndex={nav.tabIndexOf(index)}
          />
        ) : null;
      }}
    />
  );
}
