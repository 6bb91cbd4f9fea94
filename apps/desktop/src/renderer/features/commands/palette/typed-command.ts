import { errorText } from '../../../app/client';
import { tFor } from '../../../i18n';
import { useAccounts } from '../../accounts/store';
import { useRooms } from '../../rooms/store';
import { chatKey, useUi } from '../../ui/store';
import { parseComposerInput } from '../parse';
import { runCommand } from '../run';

const t = tFor('commands');

/** Whether the palette's filter is a command to run rather than words to match. */
export const isTypedCommand = (text: string): boolean => /^\/[a-z]/iu.test(text.trim());

/**
 * A command typed in the palette, run as if typed in the open conversation's composer (on
 * the account shown when none is open, where an address must be given). Null when done; else
 * what to show: the mistake in words, or /help's answer.
 */
export async function runTypedCommand(text: string): Promise<string | null> {
  const chat = useUi.getState().openChat;
  const accountId =
    chat?.accountId ??
    useUi.getState().activeAccountId ??
    useAccounts.getState().accounts[0]?.id ??
    null;
  if (!accountId) return t('Add an account first.');
  const peer = chat?.peer ?? '';
  const inRoom = chat ? useRooms.getState().rooms.has(chatKey(chat.accountId, chat.peer)) : false;
  const parsed = parseComposerInput(text.trim(), { inRoom, peer, nicks: [] });
  if (parsed.kind === 'error' || parsed.kind === 'help') return parsed.message;
  if (parsed.kind === 'text') return null;
  try {
    await runCommand(accountId, peer, parsed.command);
    return null;
  } catch (e) {
    return t('Not done: {{error}}', { error: errorText(e) });
  }
}
