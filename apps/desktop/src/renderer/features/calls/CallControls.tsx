import { useT } from '../../i18n';
import { Icon } from '../../ui/Icon';
import { endCall, setCamera, setMuted, setSharing } from './actions';
import { DeviceChoice } from './DeviceChoice';
import type { CallView } from './store';

/** Mute, camera, screen, devices and hang-up of the call in progress. */
export function CallControls({ view, callKey }: { view: CallView; callKey: string }) {
  const { t } = useT('calls');
  const { muted, cameraOn, sharing, video } = view;
  return (
    <div className="call-controls" role="toolbar" aria-label={t('Call controls')}>
      <button
        type="button"
        className="icon-button call-toggle"
        aria-pressed={muted}
        aria-label={t('Mute microphone')}
        title={muted ? t('Unmute microphone') : t('Mute microphone')}
        data-testid="call-mute"
        onClick={() => void setMuted(callKey, !muted)}
      >
        <Icon name={muted ? 'mic-off' : 'mic'} />
      </button>
      {video && (
        <>
          <button
            type="button"
            className="icon-button call-toggle"
            aria-pressed={cameraOn}
            aria-label={t('Camera')}
            title={cameraOn ? t('Turn the camera off') : t('Turn the camera on')}
            data-testid="call-camera"
            onClick={() => void setCamera(callKey, !cameraOn)}
          >
            <Icon name={cameraOn ? 'video' : 'video-off'} />
          </button>
          <button
            type="button"
            className="icon-button call-toggle"
            aria-pressed={sharing}
            aria-label={t('Share your screen')}
            title={sharing ? t('Stop sharing your screen') : t('Share your screen')}
            data-testid="call-screen"
            onClick={() => void setSharing(callKey, !sharing)}
          >
            <Icon name="screen" />
          </button>
        </>
      )}
      <DeviceChoice view={view} callKey={callKey} />
      <button
        type="button"
        className="button button-danger call-hangup"
        data-testid="call-hangup"
        onClick={() => void endCall(callKey)}
      >
        <Icon name="hangup" />
        {view.call.state === 'ringing' ? t('Cancel') : t('Hang up')}
      </button>
    </div>
  );
}
