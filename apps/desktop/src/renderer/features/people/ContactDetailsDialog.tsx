import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { CommandResponse, Contact, OmemoDevice, OmemoVersion } from '@parley/contract';
import { errorText, getClient } from '../../app/client';
import { useT } from '../../i18n';
import { CopyButton } from '../../ui/CopyButton';
import { Dialog } from '../../ui/Dialog';
import { displayName } from '../../ui/names';
import { useDevices } from '../omemo/DevicesDialog';
import { DeviceRow, type DeviceActions } from '../omemo/DeviceRow';
import { parseGroups, updateContact } from '../roster/actions';
import { useContact } from '../roster/store';
import { subscriptionWords, xmppUri } from './format';
import { ProfileView } from './ProfileView';
import { LastSeen, ResourceDetails } from './ResourceDetails';

type ProfileLookup = CommandResponse<'profile.get'>;

const VERSIONS: readonly OmemoVersion[] = ['omemo2', 'omemo'];

/**
 * Everything about one contact: addresses, profile, resources with client and time, last
 * activity, subscription, groups (editable) and OMEMO devices. Each part asks on its own and
 * shows its own error; none of them fails the dialog.
 */
export function ContactDetailsDialog({
  accountId,
  jid,
  onClose,
}: {
  accountId: string;
  jid: string;
  onClose(): void;
}) {
  const { t } = useT('people');
  const contact = useContact(accountId, jid);
  const name = displayName(contact?.name || contact?.nick, jid);
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={name}
      description={jid}
      testId="contact-details"
      wide
    >
      <Section title={t('Address')}>
        <Address jid={jid} />
      </Section>
      <Section title={t('Profile')}>
        <ProfileSection accountId={accountId} jid={jid} />
      </Section>
      <Section title={t('Online')}>
        {contact && contact.resources.length > 0 ? (
          <ul className="details-resources">
            {contact.resources.map((r) => (
              <ResourceDetails key={r.resource} accountId={accountId} jid={jid} presence={r} />
            ))}
          </ul>
        ) : contact && (contact.subscription === 'to' || contact.subscription === 'both') ? (
          <LastSeen accountId={accountId} jid={jid} />
        ) : (
          <p className="muted">{t('Their presence is not shared with you.')}</p>
        )}
      </Section>
      <Section title={t('Contact list')}>
        {contact ? (
          <>
            <p data-testid="subscription-words">{subscriptionWords(contact)}</p>
            <GroupsEditor accountId={accountId} contact={contact} />
          </>
        ) : (
          <p className="muted">{t('Not in your contacts.')}</p>
        )}
      </Section>
      <Section title={t('Encryption keys')}>
        <Devices accountId={accountId} jid={jid} />
      </Section>
    </Dialog>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="details-section">
      <h3 className="dialog-subtitle">{title}</h3>
      {children}
    </section>
  );
}

function Address({ jid }: { jid: string }) {
  const { t } = useT('people');
  const uri = xmppUri(jid);
  return (
    <p className="details-address">
      <code data-testid="details-uri">{uri}</code>{' '}
      <CopyButton
        text={uri}
        label={t('Copy')}
        copied={t('Copied')}
        failed={t('Could not copy: select the address instead')}
        testId="details-copy"
      />
    </p>
  );
}

function ProfileSection({ accountId, jid }: { accountId: string; jid: string }) {
  const { t } = useT('people');
  const [lookup, setLookup] = useState<ProfileLookup | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    getClient()
      .call('profile.get', { accountId, jid })
      .then((got) => live && setLookup(got))
      .catch((e: unknown) => live && setFailed(errorText(e)));
    return () => {
      live = false;
    };
  }, [accountId, jid]);
  if (failed) return <p className="form-error">{failed}</p>;
  if (!lookup) return <p className="muted">{t('Loading the profile…')}</p>;
  if (lookup.error) {
    return <p className="form-error">{t('Profile: {{error}}', { error: lookup.error })}</p>;
  }
  if (!lookup.profile) return <p className="muted">{t('No profile published.')}</p>;
  return <ProfileView profile={lookup.profile} />;
}

function GroupsEditor({ accountId, contact }: { accountId: string; contact: Contact }) {
  const { t } = useT('people');
  const [text, setText] = useState(contact.groups.join(', '));
  const [state, setState] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setState(t('Saving…'));
    updateContact(accountId, contact.jid, contact.name, parseGroups(text))
      .then(() => setState(t('Saved')))
      .catch((e: unknown) => setState(errorText(e)));
  };
  return (
    <form className="details-groups" onSubmit={submit}>
      <label htmlFor="details-groups-input">{t('Groups')}</label>{' '}
      <input
        id="details-groups-input"
        data-testid="details-groups-input"
        placeholder={t('Friends, Work')}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />{' '}
      <button type="submit" className="button" data-testid="details-groups-save">
        {t('Save groups')}
      </button>{' '}
      <span role="status" className="muted">
        {state}
      </span>
    </form>
  );
}

function Devices({ accountId, jid }: { accountId: string; jid: string }) {
  const { t } = useT('people');
  const { devices, error, reload } = useDevices(accountId, jid, true);
  const actions: DeviceActions = {
    setTrust: async (device: OmemoDevice, trust, keyFingerprint) => {
      await getClient().call('omemo.device.trust.set', {
        accountId,
        jid: device.jid,
        deviceId: device.deviceId,
        version: device.version,
        trust,
        keyFingerprint,
      });
      reload();
    },
  };
  if (error) return <p className="form-error">{error}</p>;
  if (devices === null) return <p className="muted">{t('Loading devices…')}</p>;
  if (devices.length === 0) return <p className="muted">{t('No OMEMO device known.')}</p>;
  // Each title written out, so extraction finds it.
  const titles: Record<OmemoVersion, string> = { omemo2: 'OMEMO 2', omemo: t('OMEMO (legacy)') };
  // One list per protocol version, named as the devices dialog names them.
  return (
    <>
      {VERSIONS.map((version) => {
        const title = titles[version];
        const list = devices.filter((d) => d.version === version);
        if (list.length === 0) return null;
        return (
          <div key={version} data-testid={`details-devices-${version}`}>
            <h4 className="details-subheading">{title}</h4>
            <ul className="device-list">
              {list.map((d) => (
                <DeviceRow key={d.deviceId} device={d} actions={actions} />
              ))}
            </ul>
          </div>
        );
      })}
    </>
  );
}
