// The backend's call events into the calls slice and the sessions of this window.
import type { Call, ParleyClient } from '@parley/contract';
import { errorText } from '../../app/client';
import { dropContents, offerIfCaller } from './actions';
import { closeIncomingNotice, notifyIncoming } from './incoming-notice';
import { lives, teardown } from './live';
import { callKey, useCalls } from './store';

function failed(e: unknown): void {
  console.warn('call:', errorText(e));
  useCalls.getState().setFailure(errorText(e));
}

function changed(call: Call): void {
  const key = callKey(call.accountId, call.id);
  // It stopped ringing here (answered, declined, ended): main's notice goes with it.
  if (call.state !== 'incoming') closeIncomingNotice(call);
  if (call.state === 'ended') {
    teardown(key);
    return;
  }
  const before = useCalls.getState().calls[key];
  useCalls.getState().upsert(call);
  if (call.state === 'incoming' && !before) notifyIncoming(call);
  // Answered on another of our devices: this one stops ringing (the backend ends it here).
  if (call.state === 'connecting' && call.direction === 'out') {
    offerIfCaller(key).catch(failed);
  }
}

/** Subscribe the call events; returns the unsubscribe. */
export function wireCalls(client: ParleyClient): () => void {
  const offs = [
    client.on('call.changed', changed),
    client.on('call.description', ({ accountId, callId, kind, description }) => {
      const key = callKey(accountId, callId);
      const live = lives.get(key);
      if (!live?.session) return;
      const session = live.session;
      if (kind === 'offer') session.answer(description, live.local).catch(failed);
      else if (kind === 'answer') session.applyAnswer(description).catch(failed);
      else if (kind === 'content-accept') session.applyContentAccept(description).catch(failed);
      else {
        // The other side turned video on: its pictures show here, our camera may follow.
        session
          .acceptContent(description, live.local)
          .then(() => useCalls.getState().patch(key, { video: session.hasVideo() }))
          .catch(failed);
      }
    }),
    client.on('call.contents-dropped', ({ accountId, callId, contents, how }) => {
      dropContents(callKey(accountId, callId), contents, how).catch(failed);
    }),
    client.on('call.candidate', ({ accountId, callId, content, ufrag, candidate }) => {
      const session = lives.get(callKey(accountId, callId))?.session;
      session?.remoteCandidate(content, ufrag, candidate).catch(failed);
    }),
  ];
  return () => offs.forEach((off) => off());
}

/**
 * Calls already ringing or running when the window (re)connects to the backend. One placed or
 * answered before a reload has lost its media with the old page: it is hung up, not left
 * running with no way to end it.
 */
export async function syncCalls(client: ParleyClient): Promise<void> {
  const { calls } = await client.call('calls.list', {});
  for (const call of calls) {
    const key = callKey(call.accountId, call.id);
    if (call.state !== 'incoming' && !lives.has(key)) {
      await client.call('calls.end', {
        accountId: call.accountId,
        callId: call.id,
        reason: 'hangup',
      });
    } else if (!useCalls.getState().calls[key]) changed(call);
  }
}
