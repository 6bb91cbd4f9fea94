import type { AdhocAction, AdhocCommandRef, AdhocStep } from '@parley/contract';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { errorText, getClient } from '../../app/client';
import { useT } from '../../i18n';
import { Dialog } from '../../ui/Dialog';
import { DataFormFields } from '../rooms/DataFormFields';
import {
  initialValues,
  missingRequired,
  valuesToSubmit,
  type EditValues,
} from '../rooms/data-form';
import { AdhocNotes, AdhocResult } from './AdhocResult';
import { useServerTools } from './store';

type List =
  | { state: 'loading' }
  | { state: 'error'; error: string }
  | { state: 'ready'; commands: AdhocCommandRef[] };

/** A running command: its last step, the values being edited, and whether a step is under way. */
interface Run {
  name: string;
  step: AdhocStep | null;
  values: EditValues;
  busy: boolean;
  error: string | null;
}

/** XEP-0050 ad-hoc commands of one address: the list, then each command step by step. */
export function AdhocDialog({
  accountId,
  jid,
  node,
}: {
  accountId: string;
  jid: string;
  node?: string;
}) {
  const { t } = useT('server-tools');
  // Each action's word written out, so extraction finds it.
  const actionWords: Record<AdhocAction, string> = {
    prev: t('Back'),
    next: t('Next'),
    complete: t('Finish'),
  };
  const close = useServerTools((s) => s.close);
  const [list, setList] = useState<List>({ state: 'loading' });
  const [run, setRun] = useState<Run | null>(null);
  // The session to cancel when the dialog closes mid-command.
  const open = useRef<string | null>(null);

  useEffect(() => {
    let live = true;
    getClient()
      .call('servertools.adhoc.list', { accountId, jid })
      .then((r) => live && setList({ state: 'ready', commands: r.commands }))
      .catch((e: unknown) => live && setList({ state: 'error', error: errorText(e) }));
    return () => {
      live = false;
    };
  }, [accountId, jid]);

  useEffect(
    () => () => {
      const sessionId = open.current;
      if (sessionId)
        void getClient()
          .call('servertools.adhoc.cancel', { accountId, sessionId })
          .catch(() => {});
    },
    [accountId],
  );

  const show = (name: string, step: AdhocStep): void => {
    open.current = step.status === 'executing' ? step.sessionId : null;
    setRun({
      name,
      step,
      values: step.form ? initialValues(step.form) : {},
      busy: false,
      error: null,
    });
  };
  const failed = (e: unknown): void => {
    setRun((r) => (r ? { ...r, busy: false, error: errorText(e) } : r));
  };

  const start = (command: { node: string; name: string }): void => {
    setRun({ name: command.name, step: null, values: {}, busy: true, error: null });
    getClient()
      .call('servertools.adhoc.execute', { accountId, jid, node: command.node })
      .then((step) => show(command.name, step))
      .catch(failed);
  };

  useEffect(() => {
    if (node) start({ node, name: node });
    // Only on opening: a node given by the caller runs at once.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const act = (action: AdhocAction): void => {
    if (!run?.step?.sessionId) return;
    const { step } = run;
    const form = step.form;
    if (form && action !== 'prev') {
      const missing = missingRequired(form, run.values);
      if (missing.length > 0) {
        setRun({ ...run, error: t('Fill in: {{fields}}.', { fields: missing.join(', ') }) });
        return;
      }
    }
    setRun({ ...run, busy: true, error: null });
    getClient()
      .call('servertools.adhoc.step', {
        accountId,
        sessionId: step.sessionId!,
        action,
        values: form && action !== 'prev' ? valuesToSubmit(form, run.values) : {},
      })
      .then((next) => show(run.name, next))
      .catch(failed);
  };

  const cancelRun = (): void => {
    const sessionId = open.current;
    open.current = null;
    setRun(null);
    if (sessionId)
      void getClient()
        .call('servertools.adhoc.cancel', { accountId, sessionId })
        .catch(() => {});
  };

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const action = run?.step?.defaultAction;
    if (action) act(action);
  };

  const step = run?.step ?? null;
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && close()}
      title={run ? run.name : t('Commands')}
      description={t('Ad-hoc commands of {{jid}} (XEP-0050).', { jid })}
      testId="adhoc-dialog"
      wide
    >
      {!run && list.state === 'loading' && (
        <p className="dialog-status" role="status">
          <span className="spinner" aria-hidden="true" />{' '}
          {t('Asking {{jid}} for its commands…', { jid })}
        </p>
      )}
      {!run && list.state === 'error' && (
        <p className="form-error" role="alert" data-testid="adhoc-error">
          {list.error}
        </p>
      )}
      {!run && list.state === 'ready' && (
        <>
          {list.commands.length === 0 && (
            <p className="dialog-status" data-testid="adhoc-none">
              {t('{{jid}} offers no commands to this account.', { jid })}
            </p>
          )}
          <ul className="disco-items" data-testid="adhoc-commands">
            {list.commands.map((c) => (
              <li key={c.node} className="disco-item">
                <span className="grow">{c.name}</span>
                <button
                  type="button"
                  className="button button-small"
                  onClick={() => start(c)}
                  aria-label={t('Run {{name}}', { name: c.name })}
                  data-testid={`adhoc-run-${c.node}`}
                >
                  {t('Run')}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {run && (
        <form className="form config-form" onSubmit={submit} noValidate data-testid="adhoc-step">
          {run.busy && !step && (
            <p className="dialog-status" role="status">
              <span className="spinner" aria-hidden="true" /> {t('Starting…')}
            </p>
          )}
          {step && <AdhocNotes notes={step.notes} />}
          {step?.form && (
            <>
              {step.form.title && <h3 className="disco-heading">{step.form.title}</h3>}
              <DataFormFields
                form={step.form}
                values={run.values}
                onChange={(name, values) =>
                  setRun((r) => (r ? { ...r, values: { ...r.values, [name]: values } } : r))
                }
                testIdPrefix="adhoc-field"
              />
            </>
          )}
          {step && <AdhocResult result={step.result} table={step.table} />}
          {step && step.status !== 'executing' && (
            <p className="hint" role="status" data-testid="adhoc-status">
              {step.status === 'completed'
                ? t('The command has finished.')
                : t('The command was cancelled.')}
            </p>
          )}
          {run.error && (
            <p className="form-error" role="alert" data-testid="adhoc-error">
              {run.error}
            </p>
          )}
          <div className="dialog-actions">
            {step?.status === 'executing' ? (
              <>
                <button type="button" className="button" onClick={cancelRun} disabled={run.busy}>
                  {t('Cancel')}
                </button>
                {step.actions.map((a) => (
                  <button
                    key={a}
                    type={a === step.defaultAction ? 'submit' : 'button'}
                    className={`button${a === step.defaultAction ? ' button-primary' : ''}`}
                    onClick={a === step.defaultAction ? undefined : () => act(a)}
                    disabled={run.busy}
                    data-testid={`adhoc-${a}`}
                  >
                    {actionWords[a]}
                  </button>
                ))}
              </>
            ) : (
              <button
                type="button"
                className="button button-primary"
                onClick={() => setRun(null)}
                disabled={run.busy}
                data-testid="adhoc-done"
              >
                {list.state === 'ready' ? t('Back to the commands') : t('Done')}
              </button>
            )}
          </div>
        </form>
      )}
    </Dialog>
  );
}
