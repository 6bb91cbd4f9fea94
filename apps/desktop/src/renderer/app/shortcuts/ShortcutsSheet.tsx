import { Fragment, useMemo } from 'react';
import { useT } from '../../i18n';
import { Dialog } from '../../ui/Dialog';
import { Icon } from '../../ui/Icon';
import { chordLabel, currentPlatform } from './keys';
import { shortcutKeys, type Shortcut, type ShortcutGroup } from './registry';
import { useNav } from './store';
import { APP_SHORTCUTS } from './table';

const GROUPS: ShortcutGroup[] = ['General', 'Conversations', 'Search', 'Lists', 'Composer'];

/** A group's heading in the current language (the table names groups by their English id). */
function useGroupLabel(): (group: ShortcutGroup) => string {
  const { t } = useT('shortcuts');
  const labels: Record<ShortcutGroup, string> = {
    General: t('General'),
    Conversations: t('Conversations'),
    Search: t('Search'),
    Lists: t('Lists'),
    Composer: t('Message field'),
  };
  return (group) => labels[group];
}

export function Chord({ spec }: { spec: string }) {
  const caps = chordLabel(spec, currentPlatform());
  return (
    // A chord reads left to right on every keyboard, also in a right-to-left interface.
    <span className="shortcut-chord" dir="ltr">
      {caps.map((cap, i) => (
        <Fragment key={i}>
          {i > 0 && <span aria-hidden="true">+</span>}
          <kbd>{cap}</kbd>
        </Fragment>
      ))}
    </span>
  );
}

function GroupTable({ group, rows }: { group: ShortcutGroup; rows: Shortcut[] }) {
  const { t } = useT('shortcuts');
  const groupLabel = useGroupLabel();
  const platform = currentPlatform();
  return (
    <table className="shortcuts-table" data-testid={`shortcuts-group-${group}`}>
      <caption>{groupLabel(group)}</caption>
      <thead className="visually-hidden">
        <tr>
          <th scope="col">{t('Action')}</th>
          <th scope="col">{t('Keys')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((s) => (
          <tr key={s.id} data-testid={`shortcut-${s.id}`}>
            <td>{s.description}</td>
            <td className="shortcut-keys">
              {shortcutKeys(s, platform).map((spec, i) => (
                <Fragment key={spec}>
                  {i > 0 && <span className="muted"> {t('or')} </span>}
                  <Chord spec={spec} />
                </Fragment>
              ))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** `?` or the sidebar's keyboard button: every shortcut, from the table the keys run on. */
export function ShortcutsSheet() {
  const { t } = useT('shortcuts');
  const open = useNav((s) => s.sheetOpen);
  const setOpen = useNav((s) => s.setSheetOpen);
  const byGroup = useMemo(
    () => GROUPS.map((group) => ({ group, rows: APP_SHORTCUTS.filter((s) => s.group === group) })),
    [],
  );
  return (
    <Dialog
      open={open}
      onOpenChange={setOpen}
      title={t('Keyboard shortcuts')}
      testId="shortcuts-sheet"
      wide
    >
      <div className="shortcuts-sheet">
        {byGroup.map(({ group, rows }) => (
          <GroupTable key={group} group={group} rows={rows} />
        ))}
      </div>
    </Dialog>
  );
}

/** Opens the sheet: the way to it for those who do not know `?`. */
export function ShortcutsButton() {
  const { t } = useT('shortcuts');
  return (
    <button
      type="button"
      className="icon-button shortcuts-button"
      aria-label={t('Keyboard shortcuts')}
      title={t('Keyboard shortcuts ({{shortcut}})', { shortcut: '?' })}
      data-testid="open-shortcuts"
      onClick={() => useNav.getState().setSheetOpen(true)}
    >
      <Icon name="keyboard" />
    </button>
  );
}
