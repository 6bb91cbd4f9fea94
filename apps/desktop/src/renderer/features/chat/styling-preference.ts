import { useUi } from '../ui/store';

export interface MessageStylingPreference {
  /** Whether message bodies show XEP-0393 styling; off shows every body as plain text. */
  enabled: boolean;
  setEnabled(on: boolean): void;
}

/**
 * The one place the styling preference is read and changed. It lives in the renderer's ui store
 * for now (so it lasts for the session); when app settings get their own table, only this hook
 * changes.
 */
export function useMessageStyling(): MessageStylingPreference {
  const enabled = useUi((s) => s.messageStyling);
  const setEnabled = useUi((s) => s.setMessageStyling);
  return { enabled, setEnabled };
}
