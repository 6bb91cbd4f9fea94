/** The keys of one keydown, as the composer needs them. */
export interface SendKeyEvent {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  isComposing: boolean;
}

/**
 * Whether a keydown in the composer sends (settings: sendOnEnter). On: Enter sends and
 * Shift+Enter starts a line. Off: Ctrl+Enter (Cmd+Enter on a Mac) sends and Enter starts a line,
 * for those who write long messages. An input method composing text keeps its Enter.
 */
export function isSendKey(event: SendKeyEvent, sendOnEnter: boolean): boolean {
  if (event.key !== 'Enter' || event.isComposing || event.shiftKey) return false;
  if (event.ctrlKey || event.metaKey) return true;
  return sendOnEnter;
}

/** How the send button names its key. */
export function sendKeyLabel(sendOnEnter: boolean): string {
  return sendOnEnter ? 'Enter' : 'Ctrl+Enter';
}
