import type { ServerInfo as Info } from '@parley/contract';
import { useEffect, useState } from 'react';
import { errorText, getClient } from '../../app/client';
import { useT } from '../../i18n';
import { Dialog } from '../../ui/Dialog';
import { useServerTools } from './store';
import { contactKind, durationWords } from './words';

type Load =
  { state: 'loading' } | { state: 'error'; error: string } | { state: 'ready'; info: Info };

/** What the account's server says about itself: software, uptime and whom to contact. */
export function ServerInfo({ accountId }: { accountId: string }) {
  const { t } = useT('server-tools');
  const close = useServerTools((s) => s.close);
  const openTool = useServerTools((s) => s.open);
  const [load, setLoad] = useState<Load>({ state: 'loading' });

  useEffect(() => {
    let live = true;
    getClient()
      .call('servertools.serverInfo', { accountId })
      .then((info) => live && setLoad({ state: 'ready', info }))
      .catch((e: unknown) => live && setLoad({ state: 'error', error: errorText(e) }));
    return () => {
      live = false;
    };
  }, [accountId]);

  const info = load.state === 'ready' ? load.info : null;
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && close()}
      title={info ? t('Server {{domain}}', { domain: info.domain }) : t('Server information')}
      testId="server-info-dialog"
    >
      {load.state === 'loading' && (
        <p className="dialog-status" role="status">
          <span className="spinner" aria-hidden="true" /> {t('Asking your server…')}
        </p>
      )}
      {load.state === 'error' && (
        <p className="form-error" role="alert">
          {load.error}
        </p>
      )}
      {info && (
        <div className="server-info" data-testid="server-info">
          <dl className="adhoc-fields">
            <div className="adhoc-field">
              <dt>{t('Software')}</dt>
              <dd data-testid="server-software">
                {!info.software
                  ? t('Not told')
                  : info.software.os
                    ? t('{{name}} {{version}} on {{os}}', info.software)
                    : `${info.software.name} ${info.software.version}`}
              </dd>
            </div>
            <div className="adhoc-field">
              <dt>{t('Running for')}</dt>
              <dd data-testid="server-uptime">
                {info.uptimeSeconds === null ? t('Not told') : durationWords(info.uptimeSeconds)}
              </dd>
            </div>
          </dl>
          <h3 className="disco-heading">{t('Contact addresses')}</h3>
          {info.contacts.length === 0 ? (
            <p className="hint" data-testid="server-no-contacts">
              {t('The server names no contact addresses.')}
            </p>
          ) : (
            <dl className="adhoc-fields" data-testid="server-contacts">
              {info.contacts.map((c) => (
                <div key={c.kind} className="adhoc-field">
                  <dt>{contactKind(c.kind)}</dt>
                  <dd>
                    {c.addresses.map((a) => (
                      <div key={a}>{a}</div>
                    ))}
                  </dd>
                </div>
              ))}
            </dl>
          )}
          {info.problems.map((p) => (
            <p key={p} className="form-error small">
              {p}
            </p>
          ))}
          <div className="dialog-actions">
            <button
              type="button"
              className="button"
              onClick={() => openTool({ kind: 'disco', accountId, jid: info.domain })}
            >
              {t('Browse its services…')}
            </button>
            <button type="button" className="button button-primary" onClick={close}>
              {t('Close')}
            </button>
          </div>
        </div>
      )}
    </Dialog>
  );
}
