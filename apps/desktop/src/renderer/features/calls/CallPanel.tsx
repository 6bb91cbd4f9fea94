import { useEffect, useRef, useState } from 'react';
import { useT } from '../../i18n';
import { peerName } from '../../ui/names';
import { useContact } from '../roster/store';
import { CallControls } from './CallControls';
import { formatDuration } from './duration';
import { callKey, useCalls, useCurrentCall, type CallView } from './store';
import './calls.css';

function useStream<E extends HTMLMediaElement>(stream: MediaStream | null) {
  const ref = useRef<E>(null);
  useEffect(() => {
    if (ref.current && ref.current.srcObject !== stream) ref.current.srcObject = stream;
  }, [stream]);
  return ref;
}

/** Pictures only: the other side's voice plays through RemoteAudio, in audio calls too. */
function Video({
  stream,
  mine,
  label,
}: {
  stream: MediaStream | null;
  mine: boolean;
  label: string;
}) {
  const ref = useStream<HTMLVideoElement>(stream);
  return (
    <video
      ref={ref}
      className={mine ? 'call-video call-video-mine' : 'call-video'}
      autoPlay
      playsInline
      muted
      aria-label={label}
      data-testid={mine ? 'call-local-video' : 'call-remote-video'}
    />
  );
}

function RemoteAudio({ stream }: { stream: MediaStream | null }) {
  const ref = useStream<HTMLAudioElement>(stream);
  return <audio ref={ref} autoPlay data-testid="call-remote-audio" />;
}

function useNow(active: boolean): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

function Status({ view }: { view: CallView }) {
  const { t } = useT('calls');
  const { state, connectedAt } = view.call;
  const now = useNow(state === 'active');
  const q = view.quality;
  // Announced once as it changes; the ticking duration is not (it would speak every second).
  if (state === 'ringing') return <span role="status">{t('Ringing…')}</span>;
  if (state === 'connecting' || connectedAt === null)
    return <span role="status">{t('Connecting…')}</span>;
  const levels = { good: t('Good'), fair: t('Fair'), poor: t('Poor') };
  const quality =
    q && q.level !== 'unknown'
      ? t('{{level}} connection: {{rtt}} ms round trip, {{loss}} % lost', {
          level: levels[q.level],
          rtt: q.rttMs ?? '–',
          loss: q.lossPercent ?? 0,
        })
      : null;
  return (
    <>
      <span data-testid="call-duration">{formatDuration(now - connectedAt)}</span>
      {quality && (
        <span className="call-quality" data-testid="call-quality" data-level={q?.level}>
          {' · '}
          {quality}
        </span>
      )}
    </>
  );
}

/**
 * Every call is encrypted (DTLS-SRTP); a verified one also has its keys' fingerprints sealed with
 * OMEMO by a device the user trusts, so the media ends at that device and nowhere else.
 */
function Security({ verified }: { verified: boolean }) {
  const { t } = useT('calls');
  return (
    <span className="call-security" data-testid="call-security" data-verified={verified}>
      {' · '}
      {verified ? t('Encrypted, verified with OMEMO') : t('Encrypted')}
    </span>
  );
}

/** Why the last call (or a step of the current one) did not work, until dismissed. */
function Failure() {
  const { t } = useT('calls');
  const failure = useCalls((s) => s.failure);
  if (!failure) return null;
  return (
    <div className="call-failure" role="alert" data-testid="call-failure">
      {t('The call did not work: {{reason}}', { reason: failure })}
      <button
        type="button"
        className="button button-small"
        onClick={() => useCalls.getState().setFailure(null)}
      >
        {t('Dismiss')}
      </button>
    </div>
  );
}

/** The other side did not take the video we added: the call goes on as it was. */
function VideoDeclined({ name, callKey: key }: { name: string; callKey: string }) {
  const { t } = useT('calls');
  return (
    <div className="call-notice" role="status" data-testid="call-video-declined">
      {t('{{name}} did not take the video. The call goes on without it.', { name })}
      <button
        type="button"
        className="button button-small"
        onClick={() => useCalls.getState().patch(key, { videoDeclined: false })}
      >
        {t('Dismiss')}
      </button>
    </div>
  );
}

/** The call in progress: who, how long, how well, the videos and the controls. */
export function CallPanel() {
  const { t } = useT('calls');
  const view = useCurrentCall();
  const contact = useContact(view?.call.accountId ?? '', view?.call.peer ?? '');
  if (!view) return <Failure />;
  const name = peerName(contact, null, view.call.peer);
  const showVideo = view.video && view.call.state === 'active';
  return (
    <section
      className="call-panel"
      aria-label={t('Call with {{name}}', { name })}
      data-testid="call-panel"
      data-state={view.call.state}
    >
      {showVideo && (
        <div className="call-videos">
          <Video stream={view.remote} mine={false} label={t('Video of {{name}}', { name })} />
          {view.cameraOn && <Video stream={view.local} mine label={t('Your camera')} />}
        </div>
      )}
      <RemoteAudio stream={view.remote} />
      <div className="call-summary">
        <strong>{name}</strong>
        <span className="muted call-status">
          <Status view={view} />
          {view.call.state === 'active' && <Security verified={view.call.verified} />}
        </span>
      </div>
      <CallControls view={view} callKey={callKey(view.call.accountId, view.call.id)} />
      {view.videoDeclined && (
        <VideoDeclined name={name} callKey={callKey(view.call.accountId, view.call.id)} />
      )}
      <Failure />
    </section>
  );
}
