import { useState } from 'react';
import type { OmemoDevice } from '@parley/contract';
import { errorText } from '../../app/client';
import { useT } from '../../i18n';
import { formatFull } from '../../ui/time';
import { Fingerprint } from './Fingerprint';
import { trustWords, TrustSwitch, type TrustChoice } from './TrustSwitch';

export interface DeviceActions {
  /** `keyFingerprint`: the key the user decided about (the new one for a changed key). */
  setTrust(device: OmemoDevice, trust: TrustChoice, keyFingerprint: string | null): Promise<void>;
  /** Our own other device: remove it (the row asks to confirm first). */
  remove?(device: OmemoDevice): void;
  /** A contact's device: start a new session with it. */
  resetSession?(device: OmemoDevice): Promise<void>;
}

/**
 * One device: its id, label, fingerprint (grouped and coloured), trust switch, when it last
 * wrote, and marks for inactive, stale, a broken bundle, or a changed key (the new fingerprint
 * shown beside the pinned one, to trust or distrust; nothing replaces a key without that).
 */
export function DeviceRow({ device, actions }: { device: OmemoDevice; actions: DeviceActions }) {
  const { t } = useT('omemo');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = (action: () => Promise<void>) => {
    setError(null);
    setBusy(true);
    action()
      .catch((e: unknown) => setError(errorText(e)))
      .finally(() => setBusy(false));
  };
  const name = device.label
    ? `${device.label} (${device.deviceId})`
    : t('Device {{id}}', { id: device.deviceId });
  return (
    <li
      className="device-row"
      data-testid="device-row"
      data-device={device.deviceId}
      data-trust={device.trust}
      data-key-changed={device.keyChanged}
    >
      <div className="device-head">
        <strong className="device-name">{name}</strong>
        {device.current && <span className="badge">{t('This device')}</span>}
        {!device.active && <span className="badge badge-muted">{t('Inactive')}</span>}
        {device.stale && <span className="badge badge-muted">{t('Not answering')}</span>}
        <span className="muted device-seen">
          {device.lastMessageAt !== null
            ? t('Last message {{time}}', { time: formatFull(device.lastMessageAt) })
            : t('No message yet')}
        </span>
      </div>
      <Fingerprint hex={device.fingerprint} testId="device-fingerprint" />
      {device.problem && (
        <p className="form-error" data-testid="device-problem">
          {t('Cannot be encrypted for: {{problem}}', { problem: device.problem })}
        </p>
      )}
      {device.keyChanged && device.changedFingerprint ? (
        <div className="key-changed" role="alert" data-testid="key-changed">
          <p>
            {t(
              'This device showed a different key. Messages with it are not trusted and nothing is encrypted for it until you decide. New fingerprint:',
            )}
          </p>
          <Fingerprint hex={device.changedFingerprint} testId="changed-fingerprint" />
          <div className="dialog-actions">
            <button
              type="button"
              className="button"
              disabled={busy}
              data-testid="accept-key"
              onClick={() =>
                run(() => actions.setTrust(device, 'verified', device.changedFingerprint))
              }
            >
              {t('Trust the new key')}
            </button>
            <button
              type="button"
              className="button button-danger"
              disabled={busy}
              data-testid="distrust-key"
              onClick={() =>
                run(() => actions.setTrust(device, 'distrusted', device.changedFingerprint))
              }
            >
              {t('Distrust it')}
            </button>
          </div>
        </div>
      ) : device.current ? null : device.fingerprint === null ? (
        <p className="muted">{trustWords(device.trust)}</p>
      ) : (
        <TrustSwitch
          value={device.trust}
          disabled={busy}
          label={t('Trust in {{name}}', { name })}
          onChange={(trust) => run(() => actions.setTrust(device, trust, device.fingerprint))}
        />
      )}
      {!device.current && (actions.remove || actions.resetSession) && (
        <div className="device-actions">
          {actions.resetSession && (
            <button
              type="button"
              className="button button-small"
              disabled={busy}
              data-testid="reset-session"
              onClick={() => run(() => actions.resetSession!(device))}
            >
              {t('Reset session')}
            </button>
          )}
          {actions.remove && (
            <button
              type="button"
              className="button button-small button-danger"
              disabled={busy}
              data-testid="remove-device"
              onClick={() => actions.remove!(device)}
            >
              {t('Remove')}
            </button>
          )}
        </div>
      )}
      {error && (
        <p className="form-error" role="alert" data-testid="device-error">
          {error}
        </p>
      )}
    </li>
  );
}
