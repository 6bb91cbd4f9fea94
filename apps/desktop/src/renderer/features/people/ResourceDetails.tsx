import { useEffect, useState } from 'react';
import type { CommandResponse, ResourcePresence } from '@parley/contract';
import { errorText, getClient } from '../../app/client';
import { useT } from '../../i18n';
import { SHOW_LABEL } from '../../ui/names';
import { agoText, theirLocalTime } from './format';

type ResourceInfo = CommandResponse<'contact.resource.info'>;
type LastActivity = CommandResponse<'contact.lastActivity'>;

/** One online resource: presence, then client and local time as soon as it answers. */
export function ResourceDetails({
  accountId,
  jid,
  presence,
}: {
  accountId: string;
  jid: string;
  presence: ResourcePresence;
}) {
  const { t } = useT('people');
  const [info, setInfo] = useState<ResourceInfo | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [askedAt, setAskedAt] = useState(0);
  useEffect(() => {
    let live = true;
    setAskedAt(Date.now());
    getClient()
      .call('contact.resource.info', { accountId, jid, resource: presence.resource })
      .then((got) => live && setInfo(got))
      .catch((e: unknown) => live && setFailed(errorText(e)));
    return () => {
      live = false;
    };
  }, [accountId, jid, presence.resource]);

  const pending = !info && !failed;
  const client = info?.client.value;
  const time = info?.time.value;
  return (
    <li className="details-resource" data-testid={`resource-${presence.resource}`}>
      <p>
        <strong>
          <bdi>{presence.resource || t('(no resource)')}</bdi>
        </strong>{' '}
        —{' '}
        {presence.status
          ? t('{{show}}: {{status}}', { show: SHOW_LABEL[presence.show], status: presence.status })
          : SHOW_LABEL[presence.show]}
        <span className="muted">
          {' '}
          · {t('priority {{priority}}', { priority: presence.priority })}
        </span>
      </p>
      <dl className="details-list">
        <div className="details-row">
          <dt>{t('Client')}</dt>
          <dd data-testid="resource-client">
            {pending
              ? t('Asking…')
              : client
                ? `${client.name} ${client.version}${client.os ? ` (${client.os})` : ''}`
                : (failed ?? info?.client.error ?? t('Unknown'))}
          </dd>
        </div>
        <div className="details-row">
          <dt>{t('Local time')}</dt>
          <dd data-testid="resource-time">
            {pending
              ? t('Asking…')
              : time
                ? theirLocalTime(time.utcMs, time.tzoMinutes, Date.now() - askedAt)
                : (failed ?? info?.time.error ?? t('Unknown'))}
          </dd>
        </div>
      </dl>
    </li>
  );
}

/** When an offline contact was last online (their server's answer), or why it is not known. */
export function LastSeen({ accountId, jid }: { accountId: string; jid: string }) {
  const { t } = useT('people');
  const [last, setLast] = useState<LastActivity | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    getClient()
      .call('contact.lastActivity', { accountId, jid })
      .then((got) => live && setLast(got))
      .catch((e: unknown) => live && setFailed(errorText(e)));
    return () => {
      live = false;
    };
  }, [accountId, jid]);
  const value = last?.value;
  return (
    <p data-testid="last-activity">
      {!last && !failed
        ? t('Asking their server…')
        : value
          ? value.status
            ? t('Last seen {{ago}} — “{{status}}”', {
                ago: agoText(value.seconds),
                status: value.status,
              })
            : t('Last seen {{ago}}', { ago: agoText(value.seconds) })
          : t('Last seen: {{reason}}', { reason: failed ?? last?.error ?? t('unknown') })}
    </p>
  );
}
