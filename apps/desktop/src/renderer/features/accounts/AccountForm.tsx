import type { Account, SignupFailure } from '@parley/contract';
import { useId, useState, type FormEvent } from 'react';
import { errorText } from '../../app/client';
import { tFor, useT } from '../../i18n';
import { updateAccount } from './actions';
import { FormFooter } from '../../ui/FormFooter';
import { AutoDownloadSetting } from '../files/AutoDownloadSetting';
import { MessageStylingSetting } from '../chat/styling-setting';
import { SendChatStatesSetting } from './SendChatStatesSetting';
import { OmemoSetting } from './OmemoSetting';
import { OwnDevicesEntry } from '../omemo/OwnDevicesEntry';
import { ProxySettings } from './ProxySettings';
import {
  NO_PROXY,
  ProxyFieldset,
  proxyInputOf,
  proxyProblem,
  type ProxyValues,
} from './ProxyFields';
import { AccountServerActions } from './AccountServerActions';
import { SignInProblem } from './SignInProblem';
import { ConnectionFields, type ConnectionValues } from './ConnectionFields';
import { saveUntried, signIn } from './signup-actions';
import { needsConnectionSettings } from './signup-words';

interface AccountFormProps {
  /** Editing this account; adding a new one when absent. */
  account?: Account;
  onDone?(): void;
  onCancel?(): void;
}

function validate(jid: string, password: string, port: string, editing: boolean): string | null {
  const t = tFor('accounts');
  const at = jid.indexOf('@');
  if (!editing && (at <= 0 || at === jid.length - 1 || /\s/.test(jid))) {
    return t('Enter your address as name@server, for example alice@example.org.');
  }
  if (!editing && !password) return t('Enter your password.');
  if (port && !/^\d+$/.test(port)) return t('The port is a number between 1 and 65535.');
  if (port && (Number(port) < 1 || Number(port) > 65535))
    return t('The port is a number between 1 and 65535.');
  return null;
}

/** Add an account (first run, accounts dialog) or edit one's connection settings. */
export function AccountForm({ account, onDone, onCancel }: AccountFormProps) {
  const { t } = useT('accounts');
  const editing = account !== undefined;
  const id = useId();
  const [jid, setJid] = useState(account?.jid ?? '');
  const [password, setPassword] = useState('');
  const [connection, setConnection] = useState<ConnectionValues>({
    host: account?.host ?? '',
    port: account?.port ? String(account.port) : '',
    tlsMode: account?.tlsMode ?? 'auto',
    advanced: Boolean(account?.host || account?.port || (account && account.tlsMode !== 'auto')),
  });
  const { host, port, tlsMode } = connection;
  const openAdvanced = () => setConnection((c) => ({ ...c, advanced: true }));
  /** A new account's proxy: its very first connection (the trial sign-in) goes through it. */
  const [proxy, setProxy] = useState<ProxyValues>(NO_PROXY);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** Why the last sign-in of a new account failed; nothing was saved. */
  const [failure, setFailure] = useState<SignupFailure | null>(null);

  const settings = () => ({
    jid: jid.trim(),
    password,
    host: host.trim() || null,
    port: port.trim() ? Number(port.trim()) : null,
    tlsMode,
    ...(proxy.type !== 'none' ? { proxy: proxyInputOf(proxy, false) } : {}),
  });

  /** A new account is proven by one sign-in before it is saved (see accounts.signIn). */
  const trySignIn = async (pinnedFingerprint256: string | null): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const failed = await signIn({ ...settings(), pinnedFingerprint256 });
      setFailure(failed);
      if (!failed) onDone?.();
      else if (needsConnectionSettings(failed.code)) openAdvanced();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  /** The user asked to keep the account although it could not sign in. */
  const saveAnyway = async (): Promise<void> => {
    setBusy(true);
    try {
      // Saved with its proxy before it first connects (never around the proxy).
      await saveUntried({ ...settings(), pinnedFingerprint256: null });
      onDone?.();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const trimmedJid = jid.trim();
    const problem = validate(trimmedJid, password, port.trim(), editing);
    const proxyError = account ? null : proxyProblem(proxy);
    if (problem || proxyError) {
      setError(problem ?? proxyError);
      if (proxyError) openAdvanced();
      return;
    }
    if (!account) {
      await trySignIn(null);
      return;
    }
    setBusy(true);
    setError(null);
    const hostValue = host.trim() || null;
    const portValue = port.trim() ? Number(port.trim()) : null;
    try {
      await updateAccount({
        id: account.id,
        ...(password ? { password } : {}),
        host: hostValue,
        port: portValue,
        tlsMode,
      });
      onDone?.();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate data-testid="account-form">
      <div className="field">
        <label htmlFor={`${id}-jid`}>{t('Address (JID)')}</label>
        <input
          id={`${id}-jid`}
          data-testid="account-jid"
          type="text"
          inputMode="email"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          placeholder="alice@example.org"
          value={jid}
          disabled={editing}
          onChange={(e) => setJid(e.target.value)}
          required
          autoFocus={!editing}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-password`}>{t('Password')}</label>
        <input
          id={`${id}-password`}
          data-testid="account-password"
          type="password"
          autoComplete={editing ? 'new-password' : 'current-password'}
          placeholder={editing ? t('Unchanged') : ''}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required={!editing}
        />
      </div>
      {account && <AutoDownloadSetting account={account} />}
      {account && <SendChatStatesSetting account={account} />}
      {account && <MessageStylingSetting />}
      {account && <OmemoSetting />}
      {account && <OwnDevicesEntry account={account} />}
      {account && <AccountServerActions account={account} />}
      <ConnectionFields value={connection} onChange={setConnection} testIdPrefix="account">
        {!account && <ProxyFieldset value={proxy} onChange={setProxy} />}
      </ConnectionFields>
      {account && <ProxySettings account={account} />}
      {failure && !editing && (
        <SignInProblem
          failure={failure}
          busy={busy}
          onTrust={(fingerprint) => void trySignIn(fingerprint)}
          onSaveAnyway={() => void saveAnyway()}
        />
      )}
      <FormFooter
        error={error}
        errorTestId="account-form-error"
        {...(onCancel ? { onCancel } : {})}
        busy={busy}
        submitTestId="account-submit"
        submitLabel={
          busy ? (editing ? t('Saving…') : t('Signing in…')) : editing ? t('Save') : t('Sign in')
        }
      />
    </form>
  );
}
