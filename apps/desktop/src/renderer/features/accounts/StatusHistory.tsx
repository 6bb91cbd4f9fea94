import * as Menu from '@radix-ui/react-dropdown-menu';
import { useT } from '../../i18n';

/** Status texts used before, offered in the presence menu (the newest few). */
export function StatusHistoryMenuItems({
  history,
  onPick,
  limit = 5,
}: {
  history: readonly string[];
  onPick(status: string): void;
  limit?: number;
}) {
  const { t } = useT('accounts');
  if (history.length === 0) return null;
  return (
    <>
      <Menu.Separator className="menu-separator" />
      <Menu.Label className="menu-label">{t('Recent status messages')}</Menu.Label>
      {history.slice(0, limit).map((text) => (
        <Menu.Item
          key={text}
          className="menu-item status-history-item"
          data-testid="status-history-menu-item"
          onSelect={() => onPick(text)}
        >
          <span className="status-history-text" dir="auto">
            {text}
          </span>
        </Menu.Item>
      ))}
    </>
  );
}

/** Every remembered status text, to pick again, and a way to forget them. */
export function StatusHistoryList({
  history,
  onPick,
  onClear,
}: {
  history: readonly string[];
  onPick(status: string): void;
  /** Absent: no clearing here (several accounts' histories shown together). */
  onClear?: () => void;
}) {
  const { t } = useT('accounts');
  if (history.length === 0) return null;
  return (
    <div className="field status-history" data-testid="status-history">
      <div className="status-history-head">
        <span className="field-label" id="status-history-label">
          {t('Used before')}
        </span>
        {onClear && (
          <button
            type="button"
            className="link-button"
            data-testid="status-history-clear"
            onClick={onClear}
          >
            {t('Clear history')}
          </button>
        )}
      </div>
      <ul className="status-history-list" aria-labelledby="status-history-label">
        {history.map((text) => (
          <li key={text}>
            <button
              type="button"
              className="chip"
              data-testid="status-history-item"
              onClick={() => onPick(text)}
            >
              <span dir="auto">{text}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
