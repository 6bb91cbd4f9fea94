import type { Show } from '@parley/contract';
import { tFor } from '../i18n';
import { SHOW_LABEL } from './names';

const t = tFor('common');

/**
 * The presence words a list row adds, visually hidden, after the name (", Away, "): the avatar
 * and its presence shape are hidden from screen readers, so without them a row would say who
 * but not how they are. Nothing when the row already shows those words as text. The visible
 * text stays the start of the row's accessible name (WCAG 2.5.3, label in name).
 */
export function presenceWords(show: Show | null | undefined, shownText?: string | null): string {
  if (!show) return '';
  const words = SHOW_LABEL[show];
  // The trailing comma separates it from the row's next text (jsdom and some screen readers
  // join adjacent spans without a space).
  // A key of its own: Arabic separates with its own comma (،).
  return shownText?.trim() === words ? '' : t(', {{show}}, ', { show: words });
}
