import { useEffect } from 'react';
import { currentPlatform } from './keys';
import { createKeyHandler, type Shortcut } from './registry';

/** Open things that take keys themselves: Radix dialogs, menus and popovers. */
const LAYERS =
  '[role="dialog"], [role="alertdialog"], [role="menu"], [data-radix-popper-content-wrapper]';

export function layerIsOpen(): boolean {
  return document.querySelector(LAYERS) !== null;
}

/**
 * Installs a shortcut table on the window. Whether a layer was open is read in the capture
 * phase, before a dialog's own Escape closes it: that Escape must not also act behind it.
 */
export function useShortcuts(table: readonly Shortcut[]): void {
  useEffect(() => {
    const layerAtStart = new WeakMap<Event, boolean>();
    const onCapture = (event: KeyboardEvent) => layerAtStart.set(event, layerIsOpen());
    const handle = createKeyHandler(table, currentPlatform(), (event) =>
      event instanceof Event ? (layerAtStart.get(event) ?? layerIsOpen()) : layerIsOpen(),
    );
    const onKey = (event: KeyboardEvent) => handle(event);
    window.addEventListener('keydown', onCapture, true);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onCapture, true);
      window.removeEventListener('keydown', onKey);
    };
  }, [table]);
}
