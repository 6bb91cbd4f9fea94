import type { Account, ProxyType } from '@parley/contract';
import { useId, useState, type KeyboardEvent } from 'react';
import { errorText } from '../../app/client';
import { Icon } from '../../ui/Icon';
import { setAccountProxy } from './actions';

type Choice = ProxyType | 'none';
const CHOICE_LABEL: Record<Choice, string> = {
  none: 'No proxy (connect directly)',
  socks5: 'SOCKS5 (for example Tor)',
  http: 'HTTP CONNECT',
};

function validPort(text: string): number | null {
  if (!/^\d{1,5}$/u.test(text.trim())) return null;
  const port = Number(text.trim());
  return port >= 1 && port <= 65535 ? port : null;
}

/**
 * The account's proxy. Saved on its own (the account form's Save is about the server), and a
 * connected account reconnects through it at once. With a proxy set, Parley never connects
 * around it: if the proxy fails, the account shows why and stays offline.
 */
export function ProxySettings({ account }: { account: Account }) {
  const id = useId();
  const current = account.proxy;
  const [open, setOpen] = useState(current !== null);
  const [type, setType] = useState<Choice>(current?.type ?? 'none');
  const [host, setHost] = useState(current?.host ?? '127.0.0.1');
  const [port, setPort] = useState(current ? String(current.port) : '9050');
  const [username, setUsername] = useState(current?.username ?? '');
  const [password, setPassword] = useState('');
  const [state, setState] = useState<'idle' | 'saving' | 'saved'>('idle');
  const [error, setError] = useState<string | null>(null);

  const save = async (): Promise<void> => {
    setError(null);
    const portValue = validPort(port);
    if (type !== 'none' && !host.trim()) return setError('Enter the proxy host.');
    if (type !== 'none' && portValue === null) {
      return setError('The proxy port is a number between 1 and 65535.');
    }
    if (type === 'http' && username.includes(':')) {
      return setError('An HTTP proxy user name cannot contain ":".');
    }
    setState('saving');
    try {
      const user = username.trim() || null;
      await setAccountProxy({
        id: account.id,
        proxy:
          type === 'none'
            ? null
            : {
                type,
                host: host.trim(),
                port: portValue ?? 1,
                username: user,
                // Empty: keep the stored password (the field never shows it).
                ...(password ? { password } : user === null ? { password: null } : {}),
              },
      });
      setPassword('');
      setState('saved');
    } catch (e) {
      setError(errorText(e));
      setState('idle');
    }
  };
  // Enter in these fields saves the proxy, not the account form around them.
  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    void save();
  };
  const disabled = type === 'none';

  return (
    <>
      <button
        type="button"
        className="link-button disclosure"
        aria-expanded={open}
        aria-controls={`${id}-proxy`}
        onClick={() => setOpen((v) => !v)}
        data-testid="proxy-toggle"
      >
        <Icon name={open ? 'chevronDown' : 'chevronRight'} size={16} />
        Proxy{current ? `: ${CHOICE_LABEL[current.type]}` : ''}
      </button>
      {open && (
        <fieldset
          className="advanced proxy-settings"
          id={`${id}-proxy`}
          data-testid="proxy-settings"
          onKeyDown={onKeyDown}
        >
          <legend className="visually-hidden">Proxy</legend>
          <div className="field">
            <label htmlFor={`${id}-type`}>Kind of proxy</label>
            <select
              id={`${id}-type`}
              data-testid="proxy-type"
              value={type}
              onChange={(e) => {
                setType(e.target.value as Choice);
                setState('idle');
              }}
            >
              {(Object.keys(CHOICE_LABEL) as Choice[]).map((c) => (
                <option key={c} value={c}>
                  {CHOICE_LABEL[c]}
                </option>
              ))}
            </select>
          </div>
          {!disabled && (
            <>
              <div className="field-row">
                <div className="field grow">
                  <label htmlFor={`${id}-host`}>Proxy host</label>
                  <input
                    id={`${id}-host`}
                    data-testid="proxy-host"
                    type="text"
                    autoCapitalize="none"
                    spellCheck={false}
                    value={host}
                    onChange={(e) => setHost(e.target.value)}
                  />
                </div>
                <div className="field port">
                  <label htmlFor={`${id}-port`}>Port</label>
                  <input
                    id={`${id}-port`}
                    data-testid="proxy-port"
                    type="text"
                    inputMode="numeric"
                    value={port}
                    onChange={(e) => setPort(e.target.value)}
                  />
                </div>
              </div>
              <div className="field-row">
                <div className="field grow">
                  <label htmlFor={`${id}-user`}>User name (optional)</label>
                  <input
                    id={`${id}-user`}
                    data-testid="proxy-username"
                    type="text"
                    autoComplete="off"
                    autoCapitalize="none"
                    spellCheck={false}
                    value={username}
                    onChange={(e) => setUsername(e.target.value)}
                  />
                </div>
                <div className="field grow">
                  <label htmlFor={`${id}-password`}>Proxy password</label>
                  <input
                    id={`${id}-password`}
                    data-testid="proxy-password"
                    type="password"
                    autoComplete="new-password"
                    placeholder={current?.hasPassword ? 'Unchanged' : ''}
                    value={password}
                    onChange={(e) => setPassword(e.target.value)}
                  />
                </div>
              </div>
            </>
          )}
          <p className="hint">
            The proxy looks up the server’s name, so no DNS query leaves this computer (Tor: SOCKS5,
            127.0.0.1, port 9050). If the proxy fails, Parley stays offline rather than connect
            without it.
          </p>
          <div className="proxy-actions">
            <button
              type="button"
              className="button button-small"
              data-testid="proxy-save"
              disabled={state === 'saving'}
              onClick={() => void save()}
            >
              {state === 'saving' ? 'Saving…' : 'Save proxy'}
            </button>
            {state === 'saved' && (
              <span className="saved-note" role="status" data-testid="proxy-saved">
                Saved.
              </span>
            )}
          </div>
          {error && (
            <p className="form-error" role="alert" data-testid="proxy-error">
              {error}
            </p>
          )}
        </fieldset>
      )}
    </>
  );
}
