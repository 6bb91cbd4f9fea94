import { useUi } from '../ui/store';

/**
 * Whether message bodies show XEP-0393 styling; off shows every body as plain text. The
 * setting (`messageStyling`, app-wide) lives in the settings table; the ui store mirrors it
 * (features/settings/app-settings.ts) so that each message body reads it without a request.
 */
export function useMessageStyling(): boolean {
  return useUi((s) => s.messageStyling);
}
