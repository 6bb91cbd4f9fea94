import type { Message } from '@parley/contract';

/** What stands in place of a retracted or moderated message. */
export function tombstoneText(retracted: NonNullable<Message['retracted']>): string {
  if (!retracted.moderated) return 'This message was deleted';
  return retracted.reason
    ? `This message was removed by a moderator: ${retracted.reason}`
    : 'This message was removed by a moderator';
}
