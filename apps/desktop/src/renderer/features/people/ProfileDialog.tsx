import { useEffect, useState, type FormEvent } from 'react';
import type { ProfileAccessChoice, ProfileFieldsView } from '@parley/contract';
import { errorText, getClient } from '../../app/client';
import { tFor, useT } from '../../i18n';
import { Dialog } from '../../ui/Dialog';
import { FormFooter } from '../../ui/FormFooter';
import { TextField } from '../../ui/TextField';
import { useAccount } from '../accounts/store';
import { profileLabels } from './ProfileView';

const EMPTY: ProfileFieldsView = {
  fullName: '',
  nickname: '',
  email: '',
  organisation: '',
  note: '',
  url: '',
  birthday: '',
  phone: '',
};

/** Edit our profile: vCard4 for contacts (or everyone), vcard-temp and our nick kept in step. */
export function ProfileDialog({ accountId, onClose }: { accountId: string; onClose(): void }) {
  const { t } = useT('people');
  const account = useAccount(accountId);
  const jid = account?.jid ?? '';
  const [profile, setProfile] = useState<ProfileFieldsView | null>(null);
  const [access, setAccess] = useState<ProfileAccessChoice>('presence');
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!jid) return;
    getClient()
      .call('profile.get', { accountId, jid })
      .then((got) => {
        setProfile(got.profile ?? EMPTY);
        if (got.error) {
          // Made when the answer comes, in the language of that moment.
          const t = tFor('people');
          setError(t('Your current profile could not be read: {{error}}', { error: got.error }));
        }
      })
      .catch((e: unknown) => {
        setProfile(EMPTY);
        setError(errorText(e));
      });
  }, [accountId, jid]);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (!profile) return;
    setBusy(true);
    setError(null);
    getClient()
      .call('profile.set', { accountId, profile, access })
      .then((done) => {
        if (done.vcardTempError) {
          setNote(
            t('Published. Older clients may still see the old one: {{error}}', {
              error: done.vcardTempError,
            }),
          );
        } else onClose();
      })
      .catch((e: unknown) => setError(errorText(e)))
      .finally(() => setBusy(false));
  };

  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={t('Your profile')}
      description={t('What your contacts see about {{jid}}. Every field is optional.', { jid })}
      testId="profile-dialog"
    >
      {profile === null ? (
        <p className="muted">{t('Loading your profile…')}</p>
      ) : (
        <form className="form" onSubmit={submit} noValidate>
          {profileLabels().map(([field, label]) =>
            field === 'note' ? (
              <div className="field" key={field}>
                <label htmlFor="profile-note">{label}</label>
                <textarea
                  id="profile-note"
                  data-testid="profile-input-note"
                  rows={3}
                  maxLength={4000}
                  value={profile.note}
                  onChange={(e) => setProfile({ ...profile, note: e.target.value })}
                />
              </div>
            ) : (
              <TextField
                key={field}
                label={label}
                data-testid={`profile-input-${field}`}
                maxLength={1000}
                value={profile[field]}
                onChange={(value) => setProfile({ ...profile, [field]: value })}
                {...(field === 'birthday' ? { placeholder: t('YYYY-MM-DD') } : {})}
                {...(field === 'email' ? { type: 'email' } : {})}
              />
            ),
          )}
          <fieldset className="field profile-access">
            <legend>{t('Who can see it')}</legend>
            <label className="radio">
              <input
                type="radio"
                name="profile-access"
                checked={access === 'presence'}
                onChange={() => setAccess('presence')}
                data-testid="profile-access-presence"
              />{' '}
              {t('Contacts who see my presence')}
            </label>
            <label className="radio">
              <input
                type="radio"
                name="profile-access"
                checked={access === 'open'}
                onChange={() => setAccess('open')}
                data-testid="profile-access-open"
              />{' '}
              {t('Anyone')}
            </label>
          </fieldset>
          {note && (
            <p className="hint" role="status">
              {note}
            </p>
          )}
          <FormFooter
            error={error}
            onCancel={onClose}
            submitLabel={busy ? t('Publishing…') : t('Publish')}
            submitTestId="profile-save"
            busy={busy}
          />
        </form>
      )}
    </Dialog>
  );
}
