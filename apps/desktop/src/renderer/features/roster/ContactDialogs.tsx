import type { Contact } from '@parley/contract';
import { useState, type FormEvent } from 'react';
import { Trans } from 'react-i18next';
import { useT } from '../../i18n';
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
  const { t } = useT('roster');
  if (!state) return null;
  if (state.kind === 'remove') {
    const name = displayName(state.contact.name, state.contact.jid);
    return (
      <ConfirmDialog
        open
        onOpenChange={(o) => !o && onClose()}
        title={t('Remove contact?')}
        confirmLabel={t('Remove')}
        danger
        onConfirm={() => removeContact(accountId, state.contact.jid)}
      >
        <Trans
          t={t}
          ns="roster"
          i18nKey="<0>{{name}}</0> ({{jid}}) will be removed from your contact list and will no longer see your presence."
          values={{ name, jid: state.contact.jid }}
          components={[<strong key="name" />]}
        />
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
  const { t } = useT('roster');
  const contact = state.kind === 'add' ? null : state.contact;
  const [jid, setJid] = useState('');
  const [name, setName] = useState(contact?.name ?? '');
  const [groups, setGroups] = useState(contact?.groups.join(', ') ?? '');
  const { busy, error, setError, run } = useDialogAction(onClose);
  const title =
    state.kind === 'add'
      ? t('Add contact')
      : state.kind === 'rename'
        ? t('Rename contact')
        : t('Edit groups');

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const address = contact ? contact.jid : jid.trim();
    if (!contact && (!address.includes('@') || /\s/.test(address))) {
      setError(t('Enter an address such as bob@example.org.'));
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
          ? t('They will be asked to share their presence with you.')
          : contact && `${displayName(contact.name, contact.jid)} (${contact.jid})`
      }
    >
      <form className="form" onSubmit={submit} noValidate>
        {state.kind === 'add' && (
          <AddressField
            label={t('Address (JID)')}
            data-testid="add-contact-jid"
            value={jid}
            onChange={setJid}
            autoFocus
          />
        )}
        {state.kind !== 'groups' && (
          <TextField
            label={t('Name')}
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
            label={t('Groups')}
            optional={state.kind === 'add'}
            hint={t('Separate groups with commas.')}
            data-testid="contact-groups-input"
            placeholder={t('Friends, Work')}
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
          submitLabel={state.kind === 'add' ? t('Add contact') : t('Save')}
        />
      </form>
    </Dialog>
  );
}
