import { useState } from 'react';
import { useT } from '../../i18n';
import { Dialog } from '../../ui/Dialog';
import { SearchBox } from '../../ui/SearchBox';
import { SearchResults } from './SearchResults';
import { useSearchUi } from './store';
import { useSearch } from './useSearch';

const ALL = { accountId: null, peer: null } as const;

/** Search across every conversation of every account (Ctrl+Shift+F or the sidebar button). */
export function SearchDialog() {
  const open = useSearchUi((s) => s.globalOpen);
  const setOpen = useSearchUi((s) => s.setGlobalOpen);
  const { t } = useT('search');
  return (
    <Dialog
      open={open}
      onOpenChange={setOpen}
      title={t('Search messages')}
      testId="search-dialog"
      wide
    >
      {open && <SearchDialogBody onOpened={() => setOpen(false)} />}
    </Dialog>
  );
}

function SearchDialogBody({ onOpened }: { onOpened(): void }) {
  const { t } = useT('search');
  const [text, setText] = useState('');
  const search = useSearch(text, ALL);
  return (
    <div className="search-dialog-body">
      <SearchBox
        label={t('Search all messages')}
        placeholder={t('Search all messages')}
        value={text}
        onChange={setText}
        testId="search-input"
        autoFocus
      />
      <SearchResults search={search} showConversation onOpened={onOpened} testId="search-results" />
    </div>
  );
}
