import { useRef, type KeyboardEvent } from 'react';
import { useT } from '../../i18n';
import { Dialog } from '../../ui/Dialog';
import { desktopBridge } from '../desktop/bridge';
import { DesktopSection } from './DesktopSection';
import { useSettingsDialog, visibleSections, type SectionId } from './dialog-store';
import {
  AccountsSection,
  ChatsSection,
  EncryptionSection,
  FilesSection,
  GeneralSection,
  NotificationsSection,
} from './sections';

const CONTENT: Record<SectionId, () => React.JSX.Element> = {
  general: GeneralSection,
  notifications: NotificationsSection,
  files: FilesSection,
  chats: ChatsSection,
  encryption: EncryptionSection,
  desktop: DesktopSection,
  accounts: AccountsSection,
};

/** The app's settings: a side list of sections (a vertical tab list) and the chosen one. */
export function SettingsDialog() {
  const { t } = useT('settings');
  const { open, section, close, setSection } = useSettingsDialog();
  // Each section's name written out, so extraction finds it.
  const labels: Record<SectionId, string> = {
    general: t('General'),
    notifications: t('Notifications'),
    files: t('Files'),
    chats: t('Chats'),
    encryption: t('Encryption'),
    desktop: t('Desktop'),
    accounts: t('Accounts'),
  };
  const tabs = useRef<Array<HTMLButtonElement | null>>([]);
  const SECTIONS = visibleSections(desktopBridge() !== null);
  const Section = CONTENT[section];

  // Up/Down (and Home/End) move between sections, as in a tab list.
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const at = SECTIONS.findIndex((s) => s.id === section);
    const last = SECTIONS.length - 1;
    const next =
      event.key === 'ArrowDown'
        ? (at + 1) % SECTIONS.length
        : event.key === 'ArrowUp'
          ? (at + last) % SECTIONS.length
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : null;
    if (next === null) return;
    event.preventDefault();
    setSection(SECTIONS[next]!.id);
    tabs.current[next]?.focus();
  };

  return (
    <Dialog
      open={open}
      onOpenChange={(o) => !o && close()}
      title={t('Settings')}
      testId="settings-dialog"
      wide
    >
      <div className="settings-layout">
        <div
          className="settings-nav"
          role="tablist"
          aria-orientation="vertical"
          aria-label={t('Settings sections')}
          onKeyDown={onKeyDown}
        >
          {SECTIONS.map((s, i) => (
            <button
              key={s.id}
              ref={(el) => {
                tabs.current[i] = el;
              }}
              type="button"
              role="tab"
              id={`settings-tab-${s.id}`}
              className="settings-tab"
              data-testid={`settings-tab-${s.id}`}
              aria-selected={s.id === section}
              aria-controls="settings-panel"
              tabIndex={s.id === section ? 0 : -1}
              onClick={() => setSection(s.id)}
            >
              {labels[s.id]}
            </button>
          ))}
        </div>
        <div
          className="settings-panel"
          id="settings-panel"
          role="tabpanel"
          aria-labelledby={`settings-tab-${section}`}
          data-testid={`settings-section-${section}`}
        >
          <Section />
        </div>
      </div>
    </Dialog>
  );
}
