import { useEffect, useId, useState } from 'react';
import { useT } from '../../i18n';
import { setDevice } from './actions';
import { listDevices, type Device, type DeviceKind } from './media';
import type { CallView } from './store';

/** Microphone and camera pickers; the lists follow devices plugged in or out during the call. */
export function DeviceChoice({ view, callKey }: { view: CallView; callKey: string }) {
  const { t } = useT('calls');
  const id = useId();
  const [devices, setDevices] = useState<Record<DeviceKind, Device[]>>({
    audioinput: [],
    videoinput: [],
  });
  useEffect(() => {
    const load = () => void listDevices().then(setDevices, () => undefined);
    load();
    navigator.mediaDevices.addEventListener('devicechange', load);
    return () => navigator.mediaDevices.removeEventListener('devicechange', load);
  }, []);
  const current = (kind: DeviceKind) => {
    const chosen = kind === 'audioinput' ? view.microphone : view.camera;
    const track =
      kind === 'audioinput' ? view.local?.getAudioTracks()[0] : view.local?.getVideoTracks()[0];
    return chosen ?? track?.getSettings().deviceId ?? '';
  };
  const picker = (kind: DeviceKind, label: string, testId: string) =>
    devices[kind].length > 0 && (
      <span className="call-device">
        <label htmlFor={`${id}-${kind}`} className="visually-hidden">
          {label}
        </label>
        <select
          id={`${id}-${kind}`}
          title={label}
          data-testid={testId}
          value={current(kind)}
          onChange={(e) => void setDevice(callKey, kind, e.target.value)}
        >
          {devices[kind].map((d) => (
            <option key={d.id} value={d.id}>
              {d.label}
            </option>
          ))}
        </select>
      </span>
    );
  return (
    <>
      {picker('audioinput', t('Microphone'), 'call-microphone')}
      {view.video && picker('videoinput', t('Camera'), 'call-camera-device')}
    </>
  );
}
