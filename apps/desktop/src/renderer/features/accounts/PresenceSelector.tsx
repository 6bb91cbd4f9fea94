import type { Account, OwnPresence } from '@parley/contract';
import * as Menu from '@radix-ui/react-dropdown-menu';
import { useId, useState, type FormEvent } from 'react';
import { errorText } from '../../app/client';
import { Dialog } from '../../ui/Dialog';
import { Icon } from '../../ui/Icon';
import { SHOW_LABEL } from '../../ui/names';
import { PresenceDot } from '../../ui/PresenceDot';
import { setPresence } from './actions';
import { FormFooter } from '../../ui/FormFooter';

type OwnShow = OwnPresence['show'];
const SHOWS: OwnShow[] = ['available', 'away', 'xa', 'dnd'];

/** Own presence of one account: a menu of shows and a dialog for the status message. */
export function PresenceSelector({ account }: { account: Account }) {
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { show, status } = account.ownPresence;
  const online = account.state === 'online';
  const apply = (presence: OwnPresence): void => {
    setError(null);
    setPresence(account.id, presence).catch((e: unknown) => setError(errorText(e)));
  };
  return (
    <>
      <Menu.Root>
        <Menu.Trigger asChild>
          <button
            type="button"
            className="presence-trigger"
            data-testid="presence-selector"
            data-show={show}
            aria-label={`Your status: ${SHOW_LABEL[show]}${status ? `, ${status}` : ''}. Change`}
          >
            <PresenceDot show={online ? show : 'offline'} />
            <span className="presence-trigger-text">
              {SHOW_LABEL[show]}
              {status && <span className="muted"> — {status}</span>}
            </span>
            <Icon name="chevronDown" size={14} />
          </button>
        </Menu.Trigger>
        <Menu.Portal>
          <Menu.Content className="menu" align="start" sideOffset={4}>
            <Menu.RadioGroup
              value={show}
              onValueChange={(value) => apply({ show: value as OwnShow, status })}
            >
              {SHOWS.map((s) => (
                <Menu.RadioItem
                  key={s}
                  value={s}
                  className="menu-item"
                  data-testid={`presence-option-${s}`}
                >
                  <PresenceDot show={s} />
                  {SHOW_LABEL[s]}
                  <Menu.ItemIndicator className="menu-check">✓</Menu.ItemIndicator>
                </Menu.RadioItem>
              ))}
            </Menu.RadioGroup>
            <Menu.Separator className="menu-separator" />
            <Menu.Item
              className="menu-item"
              onSelect={() => setEditing(true)}
              data-testid="presence-edit-status"
            >
              Set status message…
            </Menu.Item>
          </Menu.Content>
        </Menu.Portal>
      </Menu.Root>
      {error && (
        <p className="form-error small" role="alert">
          {error}
        </p>
      )}
      {editing && (
        <StatusDialog
          initial={account.ownPresence}
          onClose={() => setEditing(false)}
          onSave={async (presence) => {
            await setPresence(account.id, presence);
            setEditing(false);
          }}
        />
      )}
    </>
  );
}

function StatusDialog({
  initial,
  onClose,
  onSave,
}: {
  initial: OwnPresence;
  onClose(): void;
  onSave(presence: OwnPresence): Promise<void>;
}) {
  const id = useId();
  const [show, setShow] = useState<OwnShow>(initial.show);
  const [status, setStatus] = useState(initial.status);
  const [error, setError] = useState<string | null>(null);
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    onSave({ show, status: status.trim() }).catch((e: unknown) => setError(errorText(e)));
  };
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title="Status">
      <form className="form" onSubmit={submit}>
        <div className="field">
          <label htmlFor={`${id}-show`}>Availability</label>
          <select
            id={`${id}-show`}
            value={show}
            onChange={(e) => setShow(e.target.value as OwnShow)}
          >
            {SHOWS.map((s) => (
              <option key={s} value={s}>
                {SHOW_LABEL[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-status`}>Status message</label>
          <input
            id={`${id}-status`}
            data-testid="presence-status-input"
            type="text"
            maxLength={1024}
            placeholder="What are you up to?"
            value={status}
            onChange={(e) => setStatus(e.target.value)}
            autoFocus
          />
        </div>
        <FormFooter
          error={error}
          onCancel={onClose}
          submitTestId="presence-status-save"
          submitLabel="Save"
        />
      </form>
    </Dialog>
  );
}
