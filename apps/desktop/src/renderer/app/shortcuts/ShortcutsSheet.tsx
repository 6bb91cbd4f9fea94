import { Fragment, useMemo } from 'react';
import { Dialog } from '../../ui/Dialog';
import { Icon } from '../../ui/Icon';
import { chordLabel, currentPlatform } from './keys';
import { shortcutKeys, type Shortcut, type ShortcutGroup } from './registry';
import { useNav } from './store';
import { APP_SHORTCUTS } from './table';

const GROUPS: ShortcutGroup[] = ['General', 'Conversations', 'Search', 'Lists', 'Composer'];

function Chord({ spec }: { spec: string }) {
  const caps = chordLabel(spec, currentPlatform());
  return (
    <span className="shortcut-chord">
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
  const platform = currentPlatform();
  return (
    <table className="shortcuts-table" data-testid={`shortcuts-group-${group}`}>
      <caption>{group}</caption>
      <thead className="visually-hidden">
        <tr>
          <th scope="col">Action</th>
          <th scope="col">Keys</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((s) => (
          <tr key={s.id} data-testid={`shortcut-${s.id}`}>
            <td>{s.description}</td>
            <td className="shortcut-keys">
              {shortcutKeys(s, platform).map((spec, i) => (
                <Fragment key={spec}>
                  {i > 0 && <span className="muted"> or </span>}
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
      title="Keyboard shortcuts"
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
  return (
    <button
      type="button"
      className="icon-button shortcuts-button"
      aria-label="Keyboard shortcuts"
      title="Keyboard shortcuts (?)"
      data-testid="open-shortcuts"
      onClick={() => useNav.getState().setSheetOpen(true)}
    >
      <Icon name="keyboard" />
    </button>
  );
}
