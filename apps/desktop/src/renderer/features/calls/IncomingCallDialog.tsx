import { useState } from 'react';
import { useT } from '../../i18n';
import { Avatar } from '../../ui/Avatar';
import { Dialog } from '../../ui/Dialog';
import { peerName } from '../../ui/names';
import { useContact } from '../roster/store';
import { acceptCall, endCall } from './actions';
import { callKey, useIncomingCalls, type CallView } from './store';

function Ringing({ view, onHide }: { view: CallView; onHide(): void }) {
  const { t } = useT('calls');
  const { call } = view;
  const contact = useContact(call.accountId, call.peer);
  const name = peerName(contact, null, call.peer);
  const video = call.media.includes('video');
  const key = callKey(call.accountId, call.id);
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onHide()}
      title={video ? t('Incoming video call') : t('Incoming call')}
      description={t('{{name}} is calling', { name })}
      testId="incoming-call"
    >
      <div className="incoming-call-body">
        <Avatar jid={call.peer} label={name} />
        <p className="muted">{call.peer}</p>
      </div>
      <div className="dialog-actions incoming-call-actions">
        <button
          type="button"
          className="button button-danger"
          data-testid="call-decline"
          onClick={() => void endCall(key, 'declined')}
        >
          {t('Decline')}
        </button>
        <button
          type="button"
          className={video ? 'button' : 'button button-primary'}
          data-testid="call-answer"
          onClick={() => void acceptCall(key, false)}
        >
          {video ? t('Answer without video') : t('Answer')}
        </button>
        {video && (
          <button
            type="button"
            className="button button-primary"
            data-testid="call-answer-video"
            onClick={() => void acceptCall(key, true)}
          >
            {t('Answer with video')}
          </button>
        )}
      </div>
    </Dialog>
  );
}

/** The oldest call ringing here. Closing the dialog only hides it: the call rings on until the caller gives up. */
export function IncomingCallDialog() {
  const ringing = useIncomingCalls();
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const view = ringing.find((v) => !hidden.has(v.call.id) && v.local === null);
  if (!view) return null;
  return (
    <Ringing
      key={view.call.id}
      view={view}
      onHide={() => setHidden((s) => new Set(s).add(view.call.id))}
    />
  );
}
