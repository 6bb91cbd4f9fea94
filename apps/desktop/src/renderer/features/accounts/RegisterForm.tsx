import type { RegistrationForm, SignupFailure, TlsMode } from '@parley/contract';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Trans } from 'react-i18next';
import { errorText } from '../../app/client';
import { useT } from '../../i18n';
import { FormFooter } from '../../ui/FormFooter';
import { DataFormFields } from '../rooms/DataFormFields';
import {
  initialValues,
  missingRequired,
  valuesToSubmit,
  type EditValues,
} from '../rooms/data-form';
import { ConnectionFields, type ConnectionValues } from './ConnectionFields';
import {
  NO_PROXY,
  ProxyFieldset,
  proxyInputOf,
  proxyProblem,
  type ProxyValues,
} from './ProxyFields';
import { SignInProblem } from './SignInProblem';
import { cancelRegistration, startRegistration, submitRegistration } from './signup-actions';
import { needsConnectionSettings } from './signup-words';

interface RegisterFormProps {
  onDone?(): void;
  onCancel?(): void;
  /** An invitation (XEP-0401) for `server`: its server is fixed and its token goes first. */
  invite?: { uri: string; server: string };
}

/**
 * XEP-0077 sign-up: the server first (and how to reach it), then the server's own form, a
 * CAPTCHA included. On success the account is saved and signs in.
 */
export function RegisterForm({ onDone, onCancel, invite }: RegisterFormProps) {
  const { t } = useT('accounts');
  const id = useId();
  const [server, setServer] = useState(invite?.server ?? '');
  const [connection, setConnection] = useState<ConnectionValues>({
    host: '',
    port: '',
    tlsMode: 'auto' as TlsMode,
    advanced: false,
  });
  /** Every stream of the sign-up, and the new account after it, go through this proxy. */
  const [proxy, setProxy] = useState<ProxyValues>(NO_PROXY);
  const [form, setForm] = useState<RegistrationForm | null>(null);
  const [values, setValues] = useState<EditValues>({});
  const [failure, setFailure] = useState<SignupFailure | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** The certificate the user chose to trust for this server, kept for a new form. */
  const [pin, setPin] = useState<string | null>(null);
  // The open sign-up stream is closed when the user leaves (the backend also times it out).
  const openId = useRef<string | null>(null);
  useEffect(
    () => () => {
      if (openId.current) void cancelRegistration(openId.current).catch(() => {});
    },
    [],
  );

  const fetchForm = async (pinnedFingerprint256: string | null): Promise<void> => {
    const domain = server.trim();
    if (!domain || domain.includes('@') || /\s/.test(domain)) {
      setError(t('Enter the server’s name, for example example.org.'));
      return;
    }
    const port = connection.port.trim();
    if (port && !(/^\d+$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)) {
      setError(t('The port is a number between 1 and 65535.'));
      return;
    }
    const proxyError = proxyProblem(proxy);
    if (proxyError) {
      setError(proxyError);
      setConnection((c) => ({ ...c, advanced: true }));
      return;
    }
    setBusy(true);
    setError(null);
    setFailure(null);
    setPin(pinnedFingerprint256);
    try {
      const answer = await startRegistration({
        server: domain,
        host: connection.host.trim() || null,
        port: port ? Number(port) : null,
        tlsMode: connection.tlsMode,
        pinnedFingerprint256,
        ...(proxy.type !== 'none' ? { proxy: proxyInputOf(proxy, false) } : {}),
        ...(invite ? { invite: invite.uri } : {}),
      });
      if ('failure' in answer) {
        setFailure(answer.failure);
        if (needsConnectionSettings(answer.failure.code))
          setConnection((c) => ({ ...c, advanced: true }));
        return;
      }
      openId.current = answer.form.id;
      setForm(answer.form);
      setValues(initialValues(answer.form.form));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const submitForm = async (): Promise<void> => {
    if (!form) return;
    const missing = missingRequired(form.form, values);
    if (missing.length > 0) {
      setError(t('Fill in: {{fields}}.', { fields: missing.join(', ') }));
      return;
    }
    setBusy(true);
    setError(null);
    setFailure(null);
    try {
      const failed = await submitRegistration(form.id, valuesToSubmit(form.form, values));
      if (failed) {
        setFailure(failed);
        return;
      }
      openId.current = null;
      onDone?.();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const startOver = (): void => {
    if (openId.current) void cancelRegistration(openId.current).catch(() => {});
    openId.current = null;
    setForm(null);
    setFailure(null);
    setError(null);
  };

  /** A CAPTCHA is answered once: after a refusal, a fresh form with a new challenge. */
  const newForm = (): void => {
    startOver();
    void fetchForm(pin);
  };

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void (form ? submitForm() : fetchForm(null));
  };

  const username = values['username']?.[0]?.trim();
  return (
    <form className="form" onSubmit={submit} noValidate data-testid="register-form">
      {!form ? (
        <>
          <div className="field">
            <label htmlFor={`${id}-server`}>{t('Server')}</label>
            <input
              id={`${id}-server`}
              data-testid="register-server"
              type="text"
              autoCapitalize="none"
              spellCheck={false}
              placeholder="example.org"
              value={server}
              onChange={(e) => setServer(e.target.value)}
              readOnly={invite !== undefined}
              autoFocus={invite === undefined}
            />
            <p className="hint">
              {t('Your address will be name@server. The server must allow sign-up.')}
            </p>
          </div>
          <ConnectionFields value={connection} onChange={setConnection} testIdPrefix="register">
            <ProxyFieldset value={proxy} onChange={setProxy} />
          </ConnectionFields>
        </>
      ) : (
        <>
          <p className="register-server-line">
            <Trans
              t={t}
              i18nKey="New account on <strong>{{server}}</strong>"
              values={{ server: form.server }}
              components={{ strong: <strong data-testid="register-on" /> }}
            />{' '}
            <button type="button" className="link-button" onClick={startOver}>
              {t('Change')}
            </button>
          </p>
          {form.captcha && (
            <p className="hint">
              {t('The server asks you to prove you are a person: answer below.')}
            </p>
          )}
          {form.webPage && (
            <p className="hint">
              <Trans
                t={t}
                i18nKey="The server also offers sign-up on its web page: <link>open it in the browser</link>."
                components={{
                  link: <a href={form.webPage} target="_blank" rel="noopener noreferrer" />,
                }}
              />
            </p>
          )}
          <DataFormFields
            form={form.form}
            values={values}
            onChange={(name, v) => setValues((old) => ({ ...old, [name]: v }))}
            testIdPrefix="register-field"
            media={form.media}
          />
          {username && (
            <p className="hint" data-testid="register-address">
              {t('Your address will be {{address}}', { address: `${username}@${form.server}` })}
            </p>
          )}
        </>
      )}
      {failure && (
        <SignInProblem
          failure={failure}
          busy={busy}
          {...(!form ? { onTrust: (fp: string) => void fetchForm(fp) } : {})}
          {...(form?.captcha
            ? {
                onNewForm: newForm,
                fix: t(
                  'Check your answer to the challenge, or ask for a new one. The server may also refuse the username or password.',
                ),
              }
            : {})}
        />
      )}
      <FormFooter
        error={error}
        errorTestId="register-error"
        {...(onCancel ? { onCancel } : {})}
        busy={busy}
        submitTestId="register-submit"
        submitLabel={
          busy
            ? form
              ? t('Creating…')
              : t('Asking the server…')
            : form
              ? t('Create account')
              : t('Continue')
        }
      />
    </form>
  );
}
