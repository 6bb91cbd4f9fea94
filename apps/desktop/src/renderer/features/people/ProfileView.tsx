import type { ProfileFieldsView } from '@parley/contract';
import { tFor, useT } from '../../i18n';

/** The profile fields in the order shown, with their labels in the current language. */
export function profileLabels(): [keyof ProfileFieldsView, string][] {
  const t = tFor('people');
  return [
    ['fullName', t('Full name')],
    ['nickname', t('Nickname')],
    ['email', t('Email')],
    ['organisation', t('Organisation')],
    ['url', t('Website')],
    ['phone', t('Phone')],
    ['birthday', t('Birthday')],
    ['note', t('Note')],
  ];
}

/** A read-only profile: only the fields that are set, as plain text (never as HTML or links). */
export function ProfileView({ profile }: { profile: ProfileFieldsView }) {
  const { t } = useT('people');
  const shown = profileLabels().filter(([field]) => profile[field] !== '');
  if (shown.length === 0) return <p className="muted">{t('No profile published.')}</p>;
  return (
    <dl className="details-list" data-testid="profile-view">
      {shown.map(([field, label]) => (
        <div key={field} className="details-row">
          <dt>{label}</dt>
          <dd data-testid={`profile-${field}`}>
            <bdi>{profile[field]}</bdi>
          </dd>
        </div>
      ))}
    </dl>
  );
}
