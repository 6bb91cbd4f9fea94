import '../../test/jsdom.js';
import type { Call, CallLog } from '@parley/contract';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClient } from '../../app/client';
import { applyLanguage } from '../../i18n';
import { FakeClient } from '../../test/fake-client';
import { message } from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { CallRow } from './CallRow';
import { IncomingCallDialog } from './IncomingCallDialog';
import { useCalls } from './store';
import { wireCalls } from './wire';
import { FakeDesktopBridge } from '../desktop/fake-desktop-bridge';
import { runDesktopAction } from '../desktop/useDesktopShell';
import { usePrefs } from '../settings/prefs-store';

const call = (over: Partial<Call> = {}): Call => ({
  accountId: 'a1',
  id: 'c1',
  peer: 'alice@example.org',
  peerDevice: null,
  direction: 'in',
  media: ['audio', 'video'],
  state: 'incoming',
  endReason: null,
  startedAt: 1,
  connectedAt: null,
  endedAt: null,
  verified: false,
  ...over,
});

let client: FakeClient;
beforeEach(() => {
  resetStores();
  useCalls.setState({ calls: {}, failure: null });
  client = new FakeClient();
  setClient(client);
});
afterEach(() => {
  cleanup();
  setClient(null);
  applyLanguage('en');
});

describe('an incoming call', () => {
  it('rings with who and what until the caller gives up; declining tells the backend', () => {
    const off = wireCalls(client);
    const ended: unknown[] = [];
    client.handle('calls.end', (request) => {
      ended.push(request);
      return { ok: true as const };
    });
    render(<IncomingCallDialog />);
    act(() => client.emit('call.changed', call()));
    expect(screen.getByTestId('incoming-call').textContent).toContain('Incoming video call');
    expect(screen.getByTestId('incoming-call').textContent).toContain('alice is calling');
    act(() => client.emit('call.changed', call({ state: 'ended', endReason: 'cancelled' })));
    expect(screen.queryByTestId('incoming-call')).toBeNull();

    act(() => client.emit('call.changed', call({ id: 'c2', media: ['audio'] })));
    expect(screen.queryByTestId('call-answer-video')).toBeNull();
    fireEvent.click(screen.getByTestId('call-decline'));
    expect(ended).toEqual([{ accountId: 'a1', callId: 'c2', reason: 'declined' }]);
    expect(screen.queryByTestId('incoming-call')).toBeNull();
    off();
  });
});

describe('the call notice in the desktop app', () => {
  afterEach(() => {
    delete window.parleyDesktop;
  });

  it('main shows it with Answer and Decline; Decline there declines; it goes when ringing stops', async () => {
    const bridge = new FakeDesktopBridge();
    window.parleyDesktop = bridge;
    usePrefs.setState({ notifications: true });
    const off = wireCalls(client);
    const ended: unknown[] = [];
    client.handle('calls.end', (request) => {
      ended.push(request);
      return { ok: true as const };
    });
    act(() => client.emit('call.changed', call({ media: ['audio'] })));
    expect(bridge.notices).toEqual([
      {
        accountId: 'a1',
        callId: 'c1',
        title: 'Incoming call',
        body: 'alice is calling',
        answer: 'Answer',
        decline: 'Decline',
      },
    ]);
    await act(() =>
      runDesktopAction({ kind: 'call', accountId: 'a1', callId: 'c1', answer: false }),
    );
    expect(ended).toEqual([{ accountId: 'a1', callId: 'c1', reason: 'declined' }]);
    act(() => client.emit('call.changed', call({ state: 'ended', endReason: 'declined' })));
    expect(bridge.notices.at(-1)).toBeNull();
    off();
  });
});

describe('calls in the timeline', () => {
  const row = (log: CallLog, direction: 'in' | 'out') =>
    render(<CallRow message={message('m1', { body: '', direction, call: log })} />).container
      .textContent;

  it('says missed, declined or how long, from each side', () => {
    const audio = { callId: 'c', media: ['audio' as const], durationMs: null };
    expect(row({ ...audio, outcome: 'cancelled' }, 'in')).toContain('Missed call');
    cleanup();
    expect(row({ ...audio, outcome: 'cancelled' }, 'out')).toContain('Cancelled call');
    cleanup();
    expect(row({ ...audio, outcome: 'declined' }, 'out')).toContain('Call declined');
    cleanup();
    expect(
      row(
        { callId: 'c', media: ['audio', 'video'], outcome: 'answered', durationMs: 65_000 },
        'out',
      ),
    ).toMatch(/^Outgoing call, 1:05 · video/u);
  });

  it('speaks German', () => {
    applyLanguage('de');
    expect(
      row({ callId: 'c', media: ['audio'], outcome: 'missed', durationMs: null }, 'in'),
    ).toContain('Verpasster Anruf');
  });
});

describe('a window that (re)connects', () => {
  it('rings for a call still ringing and hangs up one whose media went with the old page', async () => {
    const { syncCalls } = await import('./wire');
    const ended: unknown[] = [];
    client.handle('calls.list', () => ({
      calls: [call({ id: 'ring' }), call({ id: 'old', direction: 'out', state: 'active' })],
    }));
    client.handle('calls.end', (request) => {
      ended.push(request);
      return { ok: true as const };
    });
    await act(() => syncCalls(client));
    expect(Object.values(useCalls.getState().calls).map((v) => v.call.id)).toEqual(['ring']);
    expect(ended).toEqual([{ accountId: 'a1', callId: 'old', reason: 'hangup' }]);
  });
});
