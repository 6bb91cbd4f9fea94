import { useCallback, useEffect, useState } from 'react';
import type { OmemoDevice, OmemoVersion } from '@parley/contract';
import { errorText, getClient } from '../../app/client';
import { useT } from '../../i18n';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { Dialog } from '../../ui/Dialog';
import { DeviceRow, type DeviceActions } from './DeviceRow';
import { OwnLink, PasteLink } from './VerificationPanel';

/** A JID's devices as the backend lists them, kept current by its events. */
export function useDevices(accountId: string, jid: string, open: boolean) {
  const [devices, setDevices] = useState<OmemoDevice[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(() => {
    getClient()
      .call('omemo.devices.list', { accountId, jid })
      .then((got) => {
        setDevices(got.devices);
        setError(null);
      })
      .catch((e: unknown) => setError(errorText(e)));
  }, [accountId, jid]);
  useEffect(() => {
    if (!open) return undefined;
    reload();
    return getClient().on('omemo.devices.changed', (e) => {
      if (e.accountId === accountId && e.jid === jid) reload();
    });
  }, [open, reload, accountId, jid]);
  return { devices, error, reload };
}

/**
 * The "Encryption" dialog: a contact's devices (or, with `own`, our account's) per version with
 * fingerprints and trust, our verification link as text and QR code, and a field for theirs.
 */
export function DevicesDialog({
  open,
  onOpenChange,
  accountId,
  jid,
  ownJid,
}: {
  open: boolean;
  onOpenChange(open: boolean): void;
  accountId: string;
  jid: string;
  ownJid: string;
}) {
  const { t } = useT('omemo');
  const own = jid === ownJid;
  const { devices, error, reload } = useDevices(accountId, jid, open);
  const [removing, setRemoving] = useState<OmemoDevice | null>(null);
  const actions: DeviceActions = {
    setTrust: async (device, trust, keyFingerprint) => {
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
    ...(own
      ? { remove: (device: OmemoDevice) => setRemoving(device) }
      : {
          resetSession: async (device: OmemoDevice) => {
            await getClient().call('omemo.session.reset', {
              accountId,
              jid: device.jid,
              deviceId: device.deviceId,
              version: device.version,
            });
          },
        }),
  };
  const versions: OmemoVersion[] = ['omemo2', 'omemo'];
  // Each title written out, so extraction finds it; "OMEMO 2" is a protocol's name.
  const versionTitles: Record<OmemoVersion, string> = {
    omemo2: 'OMEMO 2',
    omemo: t('OMEMO (legacy)'),
  };
  return (
    <>
      <Dialog
        open={open}
        onOpenChange={onOpenChange}
        title={own ? t('Your OMEMO devices') : t('Encryption with {{jid}}', { jid })}
        description={
          own
            ? t(
                'Devices of your account that messages are encrypted for. Remove the ones you no longer use.',
              )
            : t(
                'Compare each fingerprint with the one your contact’s device shows, then mark it verified.',
              )
        }
        testId="devices-dialog"
        wide
      >
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        {devices === null && !error && <p className="muted">{t('Loading devices…')}</p>}
        {devices !== null &&
          versions.map((version) => {
            const list = devices.filter((d) => d.version === version);
            return (
              <section key={version} className="device-section" data-testid={`devices-${version}`}>
                <h3 className="dialog-subtitle">{versionTitles[version]}</h3>
                {list.length === 0 ? (
                  <p className="muted">{t('No device announced.')}</p>
                ) : (
                  <ul className="device-list">
                    {list.map((device) => (
                      <DeviceRow key={device.deviceId} device={device} actions={actions} />
                    ))}
                  </ul>
                )}
              </section>
            );
          })}
        <OwnLink accountId={accountId} ownJid={ownJid} />
        {!own && <PasteLink accountId={accountId} onApplied={reload} />}
      </Dialog>
      <ConfirmDialog
        open={removing !== null}
        onOpenChange={(next) => !next && setRemoving(null)}
        title={t('Remove this device?')}
        confirmLabel={t('Remove')}
        danger
        onConfirm={async () => {
          if (!removing) return;
          await getClient().call('omemo.own.device.remove', {
            accountId,
            deviceId: removing.deviceId,
          });
          reload();
        }}
      >
        {t(
          'Device {{id}} is taken off your published device lists and its keys are deleted: contacts stop encrypting for it. If it is still in use, it adds itself back.',
          { id: removing?.deviceId ?? '' },
        )}
      </ConfirmDialog>
    </>
  );
}
