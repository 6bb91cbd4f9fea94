import type { ProxyInput, ProxyType, ProxyView } from '@parley/contract';
import { useId } from 'react';
import { tFor, useT } from '../../i18n';

const t = tFor('accounts');

export type ProxyChoice = ProxyType | 'none';
const PROXY_CHOICES: readonly ProxyChoice[] = ['none', 'socks5', 'http'];

/** Made at each call, so it follows the current language. */
export function proxyChoiceLabel(choice: ProxyChoice): string {
  const labels: Record<ProxyChoice, string> = {
    none: t('No proxy (connect directly)'),
    socks5: t('SOCKS5 (for example Tor)'),
    // A protocol's name: the same in every language.
    http: 'HTTP CONNECT',
  };
  return labels[choice];
}

/** The proxy fields as typed: text until it is checked (proxyProblem) and sent (proxyInputOf). */
export interface ProxyValues {
  type: ProxyChoice;
  host: string;
  port: string;
  username: string;
  password: string;
}

/** Tor's usual SOCKS port as the starting point: the common reason to set a proxy at all. */
export function proxyValuesOf(current: ProxyView | null): ProxyValues {
  return {
    type: current?.type ?? 'none',
    host: current?.host ?? '127.0.0.1',
    port: current ? String(current.port) : '9050',
    username: current?.username ?? '',
    password: '',
  };
}

export const NO_PROXY: ProxyValues = proxyValuesOf(null);

function validPort(text: string): number | null {
  if (!/^\d{1,5}$/u.test(text.trim())) return null;
  const port = Number(text.trim());
  return port >= 1 && port <= 65535 ? port : null;
}

/** What is wrong with the values, in words; null when they can be sent. */
export function proxyProblem(values: ProxyValues): string | null {
  if (values.type === 'none') return null;
  if (!values.host.trim()) return t('Enter the proxy host.');
  if (validPort(values.port) === null) return t('The proxy port is a number between 1 and 65535.');
  if (values.type === 'http' && values.username.includes(':')) {
    return t('An HTTP proxy user name cannot contain ":".');
  }
  return null;
}

/**
 * The proxy to send, null for none. `keepStored`: an empty password keeps the one the account
 * has (the field never shows it); without it, an empty password is none.
 */
export function proxyInputOf(values: ProxyValues, keepStored: boolean): ProxyInput | null {
  if (values.type === 'none') return null;
  const username = values.username.trim() || null;
  const password = values.password
    ? { password: values.password }
    : username === null || !keepStored
      ? { password: null }
      : {};
  return {
    type: values.type,
    host: values.host.trim(),
    port: validPort(values.port) ?? 1,
    username,
    ...password,
  };
}

interface ProxyFieldsProps {
  value: ProxyValues;
  onChange(value: ProxyValues): void;
  /** Shown in the empty password field when a password is kept (editing an account). */
  passwordPlaceholder?: string;
}

/** Kind, host, port, user name and password of a proxy: the fields only, no saving. */
export function ProxyFields({ value, onChange, passwordPlaceholder = '' }: ProxyFieldsProps) {
  const id = useId();
  const { t } = useT('accounts');
  const set = (patch: Partial<ProxyValues>) => onChange({ ...value, ...patch });
  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-type`}>{t('Kind of proxy')}</label>
        <select
          id={`${id}-type`}
          data-testid="proxy-type"
          value={value.type}
          onChange={(e) => set({ type: e.target.value as ProxyChoice })}
        >
          {PROXY_CHOICES.map((c) => (
            <option key={c} value={c}>
              {proxyChoiceLabel(c)}
            </option>
          ))}
        </select>
      </div>
      {value.type !== 'none' && (
        <>
          <div className="field-row">
            <div className="field grow">
              <label htmlFor={`${id}-host`}>{t('Proxy host')}</label>
              <input
                id={`${id}-host`}
                data-testid="proxy-host"
                type="text"
                autoCapitalize="none"
                spellCheck={false}
                value={value.host}
                onChange={(e) => set({ host: e.target.value })}
              />
            </div>
            <div className="field port">
              <label htmlFor={`${id}-port`}>{t('Port')}</label>
              <input
                id={`${id}-port`}
                data-testid="proxy-port"
                type="text"
                inputMode="numeric"
                value={value.port}
                onChange={(e) => set({ port: e.target.value })}
              />
            </div>
          </div>
          <div className="field-row">
            <div className="field grow">
              <label htmlFor={`${id}-user`}>{t('User name (optional)')}</label>
              <input
                id={`${id}-user`}
                data-testid="proxy-username"
                type="text"
                autoComplete="off"
                autoCapitalize="none"
                spellCheck={false}
                value={value.username}
                onChange={(e) => set({ username: e.target.value })}
              />
            </div>
            <div className="field grow">
              <label htmlFor={`${id}-password`}>{t('Proxy password')}</label>
              <input
                id={`${id}-password`}
                data-testid="proxy-password"
                type="password"
                autoComplete="new-password"
                placeholder={passwordPlaceholder}
                value={value.password}
                onChange={(e) => set({ password: e.target.value })}
              />
            </div>
          </div>
        </>
      )}
      <p className="hint">
        {t(
          'The proxy looks up the server’s name, so no DNS query leaves this computer (Tor: SOCKS5, 127.0.0.1, port 9050). If the proxy fails, Parley stays offline rather than connect without it.',
        )}
      </p>
    </>
  );
}

/**
 * The proxy of an account that does not exist yet (sign-in, sign-up), inside its advanced
 * connection settings: saved with the account, used from its very first connection.
 */
export function ProxyFieldset({ value, onChange }: Omit<ProxyFieldsProps, 'passwordPlaceholder'>) {
  const { t } = useT('accounts');
  return (
    <fieldset className="proxy-fields" data-testid="new-proxy">
      <legend>{t('Proxy')}</legend>
      <ProxyFields value={value} onChange={onChange} />
    </fieldset>
  );
}
