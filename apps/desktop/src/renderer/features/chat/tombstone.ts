import type { Message } from '@parley/contract';
import { tFor } from '../../i18n';

const t = tFor('chat');

/** What stands in place of a retracted or moderated message. */
export function tombstoneText(retracted: NonNullable<Message['retracted']>): string {
  if (!retracted.moderated) return t('This message was deleted');
  return retracted.reason
    ? t('This message was removed by a moderator: {{reason}}', { reason: retracted.reason })
    : t('This message was removed by a moderator');
}
