import { getClient } from '../../app/client';
import { useRoster } from './store';

export async function addContact(
  accountId: string,
  jid: string,
  name: string,
  groups: string[],
): Promise<void> {
  await getClient().call('roster.add', { accountId, jid, name, groups });
}

export async function updateContact(
  accountId: string,
  jid: string,
  name: string,
  groups: string[],
): Promise<void> {
  await getClient().call('roster.update', { accountId, jid, name, groups });
}

export async function removeContact(accountId: string, jid: string): Promise<void> {
  await getClient().call('roster.remove', { accountId, jid });
}

export async function answerSubscription(
  accountId: string,
  jid: string,
  accept: boolean,
): Promise<void> {
  await getClient().call('subscriptions.answer', { accountId, jid, accept });
  useRoster.getState().resolveRequest(accountId, jid);
}

export async function reloadRoster(accountId: string): Promise<void> {
  const contacts = await getClient().call('roster.list', { accountId });
  useRoster.getState().setRoster(accountId, contacts);
}

/** "Friends, Work" → ["Friends", "Work"] (trimmed, empty and duplicates dropped). */
export function parseGroups(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((g) => g.trim())
        .filter(Boolean),
    ),
  ];
}
