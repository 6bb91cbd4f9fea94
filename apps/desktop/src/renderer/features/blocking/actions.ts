import type { ReportReason } from '@parley/contract';
import { getClient } from '../../app/client';
import { useBlocking } from './store';

export async function block(accountId: string, jids: string[]): Promise<void> {
  useBlocking.getState().put(await getClient().call('blocking.block', { accountId, jids }));
}

export async function unblock(accountId: string, jids: string[]): Promise<void> {
  useBlocking.getState().put(await getClient().call('blocking.unblock', { accountId, jids }));
}

/**
 * Reports `jid` to our server and blocks it; false when the server takes no reports (only
 * the block was made).
 */
export async function report(
  accountId: string,
  jid: string,
  reason: ReportReason,
  messageIds: string[],
  text: string,
): Promise<boolean> {
  const answer = await getClient().call('blocking.report', {
    accountId,
    jid,
    reason,
    messageIds,
    text,
  });
  useBlocking.getState().put(answer.state);
  return answer.reported;
}
