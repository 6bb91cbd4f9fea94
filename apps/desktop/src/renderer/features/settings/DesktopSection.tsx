import {
  MAX_SPELL_LANGUAGES,
  type DesktopPrefs,
  type DesktopPrefsPatch,
  type DesktopView,
} from '@parley/contract';
import { useEffect, useId, useState, type ReactNode } from 'react';
import { useT } from '../../i18n';
import { changeDesktopPrefs, desktopBridge, loadDesktopView } from '../desktop/bridge';

type Flag = 'closeToTray' | 'startMinimised' | 'startAtLogin' | 'autoUpdate';

/** "German (Germany) — de-DE", in the interface's language; the bare code where Intl cannot. */
function languageName(code: string, language: string): string {
  try {
    const name = new Intl.DisplayNames([language], { type: 'language' }).of(code);
    return name && name !== code ? `${name} — ${code}` : code;
  } catch {
    return code;
  }
}

function Check(props: {
  flag: Flag;
  prefs: DesktopPrefs;
  busy: boolean;
  label: string;
  hint: ReactNode;
  onChange(patch: DesktopPrefsPatch): void;
}) {
  const id = useId();
  return (
    <div className="field field-check">
      <input
        id={`${id}-check`}
        type="checkbox"
        data-testid={`desktop-${props.flag}`}
        checked={props.prefs[props.flag]}
        disabled={props.busy}
        onChange={(e) => props.onChange({ [props.flag]: e.target.checked })}
        aria-describedby={`${id}-hint`}
      />
      <label htmlFor={`${id}-check`}>{props.label}</label>
      <p className="hint" id={`${id}-hint`}>
        {props.hint}
      </p>
    </div>
  );
}

/**
 * Spell check: off until the user turns it on. Where that downloads dictionaries from Google
 * (Windows, Linux), it first says so and asks; the languages are those Electron offers.
 */
function SpellCheck(props: {
  view: DesktopView;
  busy: boolean;
  onChange(patch: DesktopPrefsPatch): void;
}) {
  const { t, language } = useT('settings');
  const id = useId();
  const [asking, setAsking] = useState(false);
  const { spellCheck } = props.view.prefs;
  const downloads = props.view.spellCheckDownloads;
  const turn = (enabled: boolean): void => {
    if (enabled && downloads) setAsking(true);
    else props.onChange({ spellCheck: { ...spellCheck, enabled } });
  };
  return (
    <>
      <div className="field field-check" data-testid="desktop-spellcheck">
        <input
          id={`${id}-check`}
          type="checkbox"
          data-testid="desktop-spellcheck-enabled"
          checked={spellCheck.enabled}
          disabled={props.busy || asking}
          onChange={(e) => turn(e.target.checked)}
          aria-describedby={`${id}-hint`}
        />
        <label htmlFor={`${id}-check`}>{t('Check spelling as I type')}</label>
        <p className="hint" id={`${id}-hint`}>
          {downloads
            ? t(
                'On this system a dictionary for each language is downloaded from Google’s servers when you turn this on.',
              )
            : t('Uses the system’s own spell checker; nothing is downloaded.')}
        </p>
      </div>
      {asking && (
        <div className="desktop-consent" role="alertdialog" aria-labelledby={`${id}-ask`}>
          <p id={`${id}-ask`}>
            {t(
              'To check spelling, Parley downloads Hunspell dictionaries from Google’s content network ({{host}}). Google then sees your address and the languages. Turn spell check on and download them?',
              { host: 'redirector.gvt1.com' },
            )}
          </p>
          <div className="dialog-actions">
            <button
              type="button"
              className="button"
              data-testid="desktop-spellcheck-cancel"
              onClick={() => setAsking(false)}
            >
              {t('Cancel')}
            </button>
            <button
              type="button"
              className="button button-primary"
              data-testid="desktop-spellcheck-consent"
              onClick={() => {
                setAsking(false);
                props.onChange({ spellCheck: { ...spellCheck, enabled: true } });
              }}
            >
              {t('Download and turn on')}
            </button>
          </div>
        </div>
      )}
      {downloads && props.view.spellLanguages.length > 0 && (
        <div className="field">
          <label htmlFor={`${id}-languages`}>{t('Spell check languages')}</label>
          <select
            id={`${id}-languages`}
            className="desktop-languages"
            multiple
            size={6}
            data-testid="desktop-spellcheck-languages"
            value={spellCheck.languages}
            disabled={props.busy}
            aria-describedby={`${id}-languages-hint`}
            onChange={(e) => {
              const languages = [...e.target.selectedOptions].map((o) => o.value);
              props.onChange({ spellCheck: { ...spellCheck, languages } });
            }}
          >
            {props.view.spellLanguages.map((code) => (
              <option key={code} value={code}>
                {languageName(code, language)}
              </option>
            ))}
          </select>
          <p className="hint" id={`${id}-languages-hint`}>
            {t(
              'Up to {{count}}; none chosen: the system’s language. Ctrl-click (⌘-click) chooses several.',
              { count: MAX_SPELL_LANGUAGES },
            )}
          </p>
        </div>
      )}
    </>
  );
}

/**
 * Automatic updates: a switch where Parley updates itself (a signed AppImage, mac or Windows
 * build); where the system installed it (deb, rpm, Flatpak, Snap) or nobody does, says so.
 */
function Updates(props: {
  view: DesktopView;
  busy: boolean;
  onChange(patch: DesktopPrefsPatch): void;
}) {
  const { t } = useT('settings');
  const who = props.view.updates ?? 'none';
  if (who === 'parley') {
    return (
      <Check
        flag="autoUpdate"
        prefs={props.view.prefs}
        busy={props.busy}
        label={t('Look for updates automatically')}
        hint={t('Parley asks before it downloads or installs an update.')}
        onChange={props.onChange}
      />
    );
  }
  return (
    <p className="hint" data-testid="desktop-updates-note">
      {who === 'system'
        ? t('Your system’s package manager keeps Parley up to date.')
        : t('This copy of Parley does not update itself.')}
    </p>
  );
}

/** The desktop app's own settings (main keeps them); not shown in a browser. */
export function DesktopSection() {
  const { t } = useT('settings');
  const [view, setView] = useState<DesktopView | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    const bridge = desktopBridge();
    if (!bridge) return;
    let live = true;
    loadDesktopView(bridge)
      .then((v) => live && setView(v))
      .catch((e: unknown) => live && setError((e as Error).message));
    return () => {
      live = false;
    };
  }, []);

  const change = (patch: DesktopPrefsPatch): void => {
    const bridge = desktopBridge();
    if (!bridge) return;
    if (patch.spellCheck && patch.spellCheck.languages.length > MAX_SPELL_LANGUAGES) {
      setError(t('Choose at most {{count}} languages.', { count: MAX_SPELL_LANGUAGES }));
      return;
    }
    setBusy(true);
    setError(null);
    setSaved(false);
    changeDesktopPrefs(bridge, patch)
      .then((next) => {
        setView(next);
        setSaved(true);
      })
      .catch((e: unknown) => setError((e as Error).message))
      .finally(() => setBusy(false));
  };

  if (!view) {
    return (
      <>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
      </>
    );
  }
  // Separate sentences per platform: "tray" and "menu bar" take different grammar elsewhere.
  const mac = view.platform === 'darwin';
  return (
    <>
      <Check
        flag="closeToTray"
        prefs={view.prefs}
        busy={busy}
        label={
          mac
            ? t('Keep running in the menu bar when the window is closed')
            : t('Keep running in the tray when the window is closed')
        }
        hint={
          mac
            ? t('Closing the window hides it; Quit in the menu bar menu ends Parley.')
            : t('Closing the window hides it; Quit in the tray menu ends Parley.')
        }
        onChange={change}
      />
      <Check
        flag="startMinimised"
        prefs={view.prefs}
        busy={busy}
        label={t('Start minimised')}
        hint={
          mac
            ? t('Parley starts in the menu bar, or minimised where there is none.')
            : t('Parley starts in the tray, or minimised where there is none.')
        }
        onChange={change}
      />
      <Check
        flag="startAtLogin"
        prefs={view.prefs}
        busy={busy}
        label={t('Start Parley when I log in')}
        hint={
          view.platform === 'linux'
            ? t('Adds Parley to {{folder}}.', { folder: '~/.config/autostart' })
            : t('Adds Parley to the system’s login items.')
        }
        onChange={change}
      />
      <Updates view={view} busy={busy} onChange={change} />
      <SpellCheck view={view} busy={busy} onChange={change} />
      {saved && (
        <p className="hint" role="status">
          {t('Saved.')}
        </p>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
