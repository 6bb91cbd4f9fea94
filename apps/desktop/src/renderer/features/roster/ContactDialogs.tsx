import type { Contact } from '@parley/contract';
import { useId, useState, type FormEvent } from 'react';
import { errorText } from '../../app/client';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { Dialog } from '../../ui/Dialog';
import { displayName } from '../../ui/names';
import { addContact, parseGroups, removeContact, updateContact } from './actions';
import { FormFooter } from '../../ui/FormFooter';

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
  const id = useId();
  const contact = state.kind === 'add' ? null : state.contact;
  const [jid, setJid] = useState('');
  const [name, setName] = useState(contact?.name ?? '');
  const [groups, setGroups] = useState(contact?.groups.join(', ') ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const title =
    state.kind === 'add'
      ? 'Add contact'
      : state.kind === 'rename'
        ? 'Rename contact'
        : 'Edit groups';

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const address = contact ? contact.jid : jid.trim();
    if (!contact && (!address.includes('@') || /\s/.test(address))) {
      setError('Enter an address such as bob@example.org.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      if (contact) await updateContact(accountId, contact.jid, name.trim(), parseGroups(groups));
      else await addContact(accountId, address, name.trim(), parseGroups(groups));
      onClose();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
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
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        {state.kind === 'add' && (
          <div className="field">
            <label htmlFor={`${id}-jid`}>Address (JID)</label>
            <input
              id={`${id}-jid`}
              data-testid="add-contact-jid"
              type="text"
              autoCapitalize="none"
              spellCheck={false}
              placeholder="bob@example.org"
              value={jid}
              onChange={(e) => setJid(e.target.value)}
              autoFocus
            />
          </div>
        )}
        {state.kind !== 'groups' && (
          <div className="field">
            <label htmlFor={`${id}-name`}>
              Name {state.kind === 'add' && <span className="muted">(optional)</span>}
            </label>
            <input
              id={`${id}-name`}
              data-testid="contact-name-input"
              type="text"
              maxLength={1024}
              value={name}
              onChange={(e) => setName(e.target.value)}
              autoFocus={state.kind === 'rename'}
            />
          </div>
        )}
        {state.kind !== 'rename' && (
          <div className="field">
            <label htmlFor={`${id}-groups`}>
              Groups {state.kind === 'add' && <span className="muted">(optional)</span>}
            </label>
            <input
              id={`${id}-groups`}
              data-testid="contact-groups-input"
              type="text"
              placeholder="Friends, Work"
              value={groups}
              onChange={(e) => setGroups(e.target.value)}
              autoFocus={state.kind === 'groups'}
            />
            <p className="hint">Separate groups with commas.</p>
          </div>
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
