import type {
  Account,
  CommandRequest,
  FormValues,
  RegistrationForm,
  SignupFailure,
} from '@parley/contract';
import { getClient } from '../../app/client';
import { useUi } from '../ui/store';
import { useAccounts } from './store';

/** A new account is shown and becomes the active one. */
function adopt(account: Account): void {
  useAccounts.getState().upsert(account);
  useUi.getState().setActiveAccount(account.id);
}

/** Signs in once before saving: null when the account was saved, else why it failed. */
export async function signIn(
  settings: CommandRequest<'accounts.signIn'>,
): Promise<SignupFailure | null> {
  const answer = await getClient().call('accounts.signIn', settings);
  if (!answer.ok) return answer.failure;
  adopt(answer.account);
  return null;
}

/** "Save anyway": keeps the account (and its proxy) although it could not sign in. */
export async function saveUntried(settings: CommandRequest<'accounts.saveUntried'>): Promise<void> {
  adopt(await getClient().call('accounts.saveUntried', settings));
}

export async function startRegistration(
  settings: CommandRequest<'registration.start'>,
): Promise<{ form: RegistrationForm } | { failure: SignupFailure }> {
  const answer = await getClient().call('registration.start', settings);
  return answer.ok ? { form: answer.form } : { failure: answer.failure };
}

export async function submitRegistration(
  id: string,
  values: FormValues,
): Promise<SignupFailure | null> {
  const answer = await getClient().call('registration.submit', { id, values });
  if (!answer.ok) return answer.failure;
  adopt(answer.account);
  return null;
}

export async function cancelRegistration(id: string): Promise<void> {
  await getClient().call('registration.cancel', { id });
}

export async function changePassword(
  accountId: string,
  password: string,
): Promise<SignupFailure | null> {
  const answer = await getClient().call('account.password.change', { accountId, password });
  return answer.ok ? null : answer.failure;
}

/** Deletes the account on its server; once confirmed it is gone here too. */
export async function deleteAccountOnServer(
  accountId: string,
  confirm: string,
): Promise<SignupFailure | null> {
  const answer = await getClient().call('account.server.delete', { accountId, confirm });
  if (!answer.ok) return answer.failure;
  useAccounts.getState().remove(accountId);
  return null;
}
