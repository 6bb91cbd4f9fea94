import type { Contact } from '@parley/contract';
import { useState, type FormEvent } from 'react';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { Dialog } from '../../ui/Dialog';
import { FormFooter } from '../../ui/FormFooter';
import { displayName } from '../../ui/names';
import { AddressField, TextField } from '../../ui/TextField';
import { useDialogAction } from '../../ui/useDialogAction';
import { addContact, parseGroups, removeContact, updateContact } from './actions';

export type ContactDialogState =
  | { kind: 'add' }
  | { kind: 'rename'; contact: Contact }
  | { kind: 'groups'; contact: Contact }
  | { kind: 'remove'; contact: Contact }
  | null;

interface Props {
  accountId: string;
  state: ContactDialogState;
  onClose(): void;
}

/** Add, rename, regroup and remove dialogs of the roster. */
export function ContactDialogs({ accountId, state, onClose }: Props) {
  if (!state) return null;
  if (state.kind === 'remove') {
    const name = displayName(state.contact.name, state.contact.jid);
    return (
      <ConfirmDialog
        open
        onOpenChange={(o) => !o && onClose()}
        title="Remove contact?"
        confirmLabel="Remove"
        danger
        onConfirm={() => removeContact(accountId, state.contact.jid)}
      >
        <strong>{name}</strong> ({state.contact.jid}) will be removed from your contact list and
        will no longer see your presence.
      </ConfirmDialog>
    );
  }
  return <ContactForm key={state.kind} accountId={accountId} state={state} onClose={onClose} />;
}

function ContactForm({
  accountId,
  state,
  onClose,
}: {
  accountId: string;
  state: Exclude<ContactDialogState, null | { kind: 'remove' }>;
  onClose(): void;
}) {
  const contact = state.kind === 'add' ? null : state.contact;
  const [jid, setJid] = useState('');
  const [name, setName] = useState(contact?.name ?? '');
  const [groups, setGroups] = useState(contact?.groups.join(', ') ?? '');
  const { busy, error, setError, run } = useDialogAction(onClose);
  const title =
    state.kind === 'add'
      ? 'Add contact'
      : state.kind === 'rename'
        ? 'Rename contact'
        : 'Edit groups';

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const address = contact ? contact.jid : jid.trim();
    if (!contact && (!address.includes('@') || /\s/.test(address))) {
      setError('Enter an address such as bob@example.org.');
      return;
    }
    run(() =>
      contact
        ? updateContact(accountId, contact.jid, name.trim(), parseGroups(groups))
        : addContact(accountId, address, name.trim(), parseGroups(groups)),
    );
  };

  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={title}
      testId="contact-dialog"
      description={
        state.kind === 'add'
          ? 'They will be asked to share their presence with you.'
          : contact && `${displayName(contact.name, contact.jid)} (${contact.jid})`
      }
    >
      <form className="form" onSubmit={submit} noValidate>
        {state.kind === 'add' && (
          <AddressField
            label="Address (JID)"
            data-testid="add-contact-jid"
            value={jid}
            onChange={setJid}
            autoFocus
          />
        )}
        {state.kind !== 'groups' && (
          <TextField
            label="Name"
            optional={state.kind === 'add'}
            data-testid="contact-name-input"
            maxLength={1024}
            value={name}
            onChange={setName}
            autoFocus={state.kind === 'rename'}
          />
        )}
        {state.kind !== 'rename' && (
          <TextField
            label="Groups"
            optional={state.kind === 'add'}
            hint="Separate groups with commas."
            data-testid="contact-groups-input"
            placeholder="Friends, Work"
            value={groups}
            onChange={setGroups}
            autoFocus={state.kind === 'groups'}
          />
        )}
        <FormFooter
          error={error}
          onCancel={onClose}
          busy={busy}
          submitTestId="contact-submit"
          submitLabel={state.kind === 'add' ? 'Add contact' : 'Save'}
        />
      </form>
    </Dialog>
  );
}
