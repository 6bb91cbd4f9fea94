import type { ProfileFieldsView } from '@parley/contract';

/** The profile fields in the order shown, with their labels. */
export const PROFILE_LABELS: [keyof ProfileFieldsView, string][] = [
  ['fullName', 'Full name'],
  ['nickname', 'Nickname'],
  ['email', 'Email'],
  ['organisation', 'Organisation'],
  ['url', 'Website'],
  ['phone', 'Phone'],
  ['birthday', 'Birthday'],
  ['note', 'Note'],
];

/** A read-only profile: only the fields that are set, as plain text (never as HTML or links). */
export function ProfileView({ profile }: { profile: ProfileFieldsView }) {
  const shown = PROFILE_LABELS.filter(([field]) => profile[field] !== '');
  if (shown.length === 0) return <p className="muted">No profile published.</p>;
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
