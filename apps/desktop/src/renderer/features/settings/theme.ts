import type { SettingValue } from '@parley/contract';

export type ThemeChoice = SettingValue<'theme'>;
export type Theme = 'light' | 'dark';

const DARK_QUERY = '(prefers-color-scheme: dark)';

/** The colours shown for a choice: 'system' follows the system's light/dark preference. */
export function resolveTheme(choice: ThemeChoice, systemDark: boolean): Theme {
  return choice === 'system' ? (systemDark ? 'dark' : 'light') : choice;
}

let stopFollowing: (() => void) | null = null;

/**
 * Sets the root's data-theme (styles.css keys its dark colours on it) for `choice`; with
 * 'system' it keeps following the system's preference as it changes.
 */
export function applyTheme(choice: ThemeChoice, root?: HTMLElement): void {
  stopFollowing?.();
  stopFollowing = null;
  // No page (a test under plain Node): nothing to colour.
  if (typeof document === 'undefined') return;
  const el = root ?? document.documentElement;
  const media = typeof window.matchMedia === 'function' ? window.matchMedia(DARK_QUERY) : null;
  const set = () => {
    el.dataset.theme = resolveTheme(choice, media?.matches ?? false);
    el.dataset.themeChoice = choice;
  };
  set();
  if (choice === 'system' && media) {
    media.addEventListener('change', set);
    stopFollowing = () => media.removeEventListener('change', set);
  }
}
