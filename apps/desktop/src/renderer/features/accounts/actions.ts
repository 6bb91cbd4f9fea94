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

/** Moves an account one place up (-1) or down (+1) in the user's order. */
export async function moveAccount(id: string, by: -1 | 1): Promise<void> {
  const ids = useAccounts.getState().accounts.map((a) => a.id);
  const from = ids.indexOf(id);
  const to = from + by;
  if (from < 0 || to < 0 || to >= ids.length) return;
  ids.splice(to, 0, ...ids.splice(from, 1));
  // Shown at once; the backend's account.changed events confirm (or, on a refusal, the reload
  // below puts the true order back).
  useAccounts.getState().reorder(ids);
  try {
    await getClient().call('accounts.reorder', { ids });
  } catch (error) {
    useAccounts.getState().setAll(await getClient().call('accounts.list', {}));
    throw error;
  }
}

export async function setAccountEnabled(id: string, enabled: boolean): Promise<void> {
  await updateAccount({ id, enabled });
}

export async function setAccountOptions(
  request: CommandRequest<'accounts.options.set'>,
): Promise<void> {
  await getClient().call('accounts.options.set', request);
}

export async function setAccountProxy(
  request: CommandRequest<'accounts.proxy.set'>,
): Promise<void> {
  await getClient().call('accounts.proxy.set', request);
}

export async function setPresenceForAll(presence: OwnPresence): Promise<void> {
  await getClient().call('presence.setAll', presence);
}

export async function clearStatusHistory(accountId: string): Promise<void> {
  await getClient().call('presence.history.clear', { accountId });
}
