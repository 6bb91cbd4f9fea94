import type { CommandRequest, OwnPresence } from '@parley/contract';
import { getClient } from '../../app/client';
import { useUi } from '../ui/store';
import { useAccounts } from './store';

export async function addAccount(settings: CommandRequest<'accounts.add'>): Promise<void> {
  const account = await getClient().call('accounts.add', settings);
  useAccounts.getState().upsert(account);
  useUi.getState().setActiveAccount(account.id);
}

export async function updateAccount(update: CommandRequest<'accounts.update'>): Promise<void> {
  const account = await getClient().call('accounts.update', update);
  useAccounts.getState().upsert(account);
}

export async function removeAccount(id: string): Promise<void> {
  await getClient().call('accounts.remove', { id });
  useAccounts.getState().remove(id);
}

export async function connectAccount(id: string): Promise<void> {
  await getClient().call('accounts.connect', { id });
}

export async function disconnectAccount(id: string): Promise<void> {
  await getClient().call('accounts.disconnect', { id });
}

export async function pinCertificate(id: string, fingerprint256: string): Promise<void> {
  const account = await getClient().call('accounts.pinCertificate', { id, fingerprint256 });
  useAccounts.getState().upsert(account);
}

export async function setPresence(accountId: string, presence: OwnPresence): Promise<void> {
  await getClient().call('presence.set', { accountId, ...presence });
  const account = useAccounts.getState().accounts.find((a) => a.id === accountId);
  if (account) useAccounts.getState().upsert({ ...account, ownPresence: presence });
}
