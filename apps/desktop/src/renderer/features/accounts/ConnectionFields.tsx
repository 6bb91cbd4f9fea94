import type { TlsMode } from '@parley/contract';
import { useId, type ReactNode } from 'react';
import { useT } from '../../i18n';
import { Icon } from '../../ui/Icon';
import { TLS_MODES, tlsLabel } from './describe';

export interface ConnectionValues {
  host: string;
  port: string;
  tlsMode: TlsMode;
  /** Whether the settings are shown. */
  advanced: boolean;
}

interface ConnectionFieldsProps {
  value: ConnectionValues;
  onChange(value: ConnectionValues): void;
  testIdPrefix: string;
  /** More settings of the same connection (the proxy), at the end of the section. */
  children?: ReactNode;
}

/** Host, port and TLS mode, behind a disclosure: for servers DNS does not find (sign-up). */
export function ConnectionFields({
  value,
  onChange,
  testIdPrefix,
  children,
}: ConnectionFieldsProps) {
  const id = useId();
  const { t } = useT('accounts');
  const set = (patch: Partial<ConnectionValues>) => onChange({ ...value, ...patch });
  return (
    <>
      <button
        type="button"
        className="link-button disclosure"
        aria-expanded={value.advanced}
        aria-controls={`${id}-advanced`}
        onClick={() => set({ advanced: !value.advanced })}
        data-testid={`${testIdPrefix}-advanced-toggle`}
      >
        <Icon name={value.advanced ? 'chevronDown' : 'chevronRight'} size={16} />
        {t('Advanced connection settings')}
      </button>
      {value.advanced && (
        <fieldset className="advanced" id={`${id}-advanced`}>
          <legend className="visually-hidden">{t('Advanced connection settings')}</legend>
          <div className="field-row">
            <div className="field grow">
              <label htmlFor={`${id}-host`}>{t('Server host')}</label>
              <input
                id={`${id}-host`}
                data-testid={`${testIdPrefix}-host`}
                type="text"
                autoCapitalize="none"
                spellCheck={false}
                placeholder={t('From DNS')}
                value={value.host}
                onChange={(e) => set({ host: e.target.value })}
              />
            </div>
            <div className="field port">
              <label htmlFor={`${id}-port`}>{t('Port')}</label>
              <input
                id={`${id}-port`}
                data-testid={`${testIdPrefix}-port`}
                type="text"
                inputMode="numeric"
                placeholder="5222"
                value={value.port}
                onChange={(e) => set({ port: e.target.value })}
              />
            </div>
          </div>
          <div className="field">
            <label htmlFor={`${id}-tls`}>{t('Encryption')}</label>
            <select
              id={`${id}-tls`}
              data-testid={`${testIdPrefix}-tls`}
              value={value.tlsMode}
              onChange={(e) => set({ tlsMode: e.target.value as TlsMode })}
            >
              {TLS_MODES.map((mode) => (
                <option key={mode} value={mode}>
                  {tlsLabel(mode)}
                </option>
              ))}
            </select>
            <p className="hint">
              {t(
                'Leave host and port empty to find the server through DNS. Direct TLS usually runs on port 5223.',
              )}
            </p>
          </div>
          {children}
        </fieldset>
      )}
    </>
  );
}
