import { useT } from '../../i18n';
import { Icon, type IconName } from '../../ui/Icon';
import { endCall, setCamera, setMuted, setSharing } from './actions';
import { DeviceChoice } from './DeviceChoice';
import type { CallView } from './store';

interface ToggleProps {
  pressed: boolean;
  /** The name says what the button is; the title what a click does now. */
  label: string;
  title: string;
  icon: IconName;
  testId: string;
  onToggle(on: boolean): void;
}

function Toggle({ pressed, label, title, icon, testId, onToggle }: ToggleProps) {
  return (
    <button
      type="button"
      className="icon-button call-toggle"
      aria-pressed={pressed}
      aria-label={label}
      title={title}
      data-testid={testId}
      onClick={() => onToggle(!pressed)}
    >
      <Icon name={icon} />
    </button>
  );
}

/** Mute, camera, screen, devices and hang-up of the call in progress. */
export function CallControls({ view, callKey }: { view: CallView; callKey: string }) {
  const { t } = useT('calls');
  const { muted, cameraOn, sharing, video } = view;
  // An audio call can turn video on once it runs (a content-add needs the session set up).
  const canVideo = video || view.call.state === 'active';
  return (
    <div className="call-controls" role="toolbar" aria-label={t('Call controls')}>
      <Toggle
        pressed={muted}
        label={t('Mute microphone')}
        title={muted ? t('Unmute microphone') : t('Mute microphone')}
        icon={muted ? 'mic-off' : 'mic'}
        testId="call-mute"
        onToggle={(on) => void setMuted(callKey, on)}
      />
      {canVideo && (
        <>
          <Toggle
            pressed={cameraOn}
            label={t('Camera')}
            title={cameraOn ? t('Turn the camera off') : t('Turn the camera on')}
            icon={cameraOn ? 'video' : 'video-off'}
            testId="call-camera"
            onToggle={(on) => void setCamera(callKey, on)}
          />
          <Toggle
            pressed={sharing}
            label={t('Share your screen')}
            title={sharing ? t('Stop sharing your screen') : t('Share your screen')}
            icon="screen"
            testId="call-screen"
            onToggle={(on) => void setSharing(callKey, on)}
          />
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
