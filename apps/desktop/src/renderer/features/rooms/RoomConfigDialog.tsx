import type { DataForm } from '@parley/contract';
import { useEffect, useState, type FormEvent } from 'react';
import { errorText } from '../../app/client';
import { Dialog } from '../../ui/Dialog';
import { FormFooter } from '../../ui/FormFooter';
import { cancelConfig, getConfig, submitConfig } from './actions';
import { initialValues, missingRequired, valuesToSubmit, type EditValues } from './data-form';
import { DataFormFields } from './DataFormFields';
import { useT } from '../../i18n';

interface RoomConfigDialogProps {
  accountId: string;
  room: string;
  /** Just created with instant false: the room is locked, and cancelling destroys it. */
  created: boolean;
  onClose(): void;
}

type Loaded = { form: DataForm; values: EditValues } | { error: string } | null;

/** The room's configuration form (XEP-0045 §10.2), whatever fields the server sends. */
export function RoomConfigDialog({ accountId, room, created, onClose }: RoomConfigDialogProps) {
  const { t } = useT('rooms');
  const [loaded, setLoaded] = useState<Loaded>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    getConfig(accountId, room)
      .then((form) => live && setLoaded({ form, values: initialValues(form) }))
      .catch((e: unknown) => live && setLoaded({ error: errorText(e) }));
    return () => {
      live = false;
    };
  }, [accountId, room]);

  const cancel = (): void => {
    if (!created) {
      onClose();
      return;
    }
    setBusy(true);
    cancelConfig(accountId, room)
      .then(onClose)
      .catch((e: unknown) => {
        setError(errorText(e));
        setBusy(false);
      });
  };

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (!loaded || !('form' in loaded)) return;
    const missing = missingRequired(loaded.form, loaded.values);
    if (missing.length > 0) {
      setError(t('Fill in: {{fields}}.', { fields: missing.join(', ') }));
      return;
    }
    setBusy(true);
    setError(null);
    submitConfig(accountId, room, valuesToSubmit(loaded.form, loaded.values))
      .then(onClose)
      .catch((e: unknown) => {
        setError(errorText(e));
        setBusy(false);
      });
  };

  const onChange = (name: string, values: string[]): void =>
    setLoaded((current) =>
      current && 'form' in current
        ? { ...current, values: { ...current.values, [name]: values } }
        : current,
    );

  return (
    <Dialog
      open
      // Closing a just-created room's form is cancelling it: a locked room is of no use.
      onOpenChange={(o) => !o && !busy && cancel()}
      title={
        loaded && 'form' in loaded && loaded.form.title ? loaded.form.title : t('Room settings')
      }
      testId="room-config-dialog"
      description={
        created
          ? t('The new room stays locked until you save these settings. Cancelling destroys it.')
          : room
      }
      wide
    >
      {loaded === null ? (
        <p className="dialog-status" role="status">
          <span className="spinner" aria-hidden="true" /> {t('Loading the room’s settings…')}
        </p>
      ) : 'error' in loaded ? (
        <>
          <p className="form-error" role="alert" data-testid="room-config-error">
            {t('Could not load the settings: {{error}}', { error: loaded.error })}
          </p>
          <div className="dialog-actions">
            <button type="button" className="button" onClick={cancel} disabled={busy}>
              {created ? t('Cancel and destroy the room') : t('Close')}
            </button>
          </div>
        </>
      ) : (
        <form className="form config-form" onSubmit={submit} noValidate>
          <DataFormFields
            form={loaded.form}
            values={loaded.values}
            onChange={onChange}
            testIdPrefix="config-field"
          />
          <FormFooter
            error={error}
            errorTestId="room-config-error"
            onCancel={cancel}
            busy={busy}
            submitTestId="room-config-submit"
            submitLabel={busy ? t('Saving…') : t('Save')}
          />
        </form>
      )}
    </Dialog>
  );
}
