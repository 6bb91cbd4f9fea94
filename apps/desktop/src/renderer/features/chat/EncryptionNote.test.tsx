import '../../test/jsdom.js';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { message } from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { useOmemoLocks } from '../omemo/lock-store';
import { MessageBubble } from './MessageBubble';

afterEach(() => {
  cleanup();
  resetStores();
  useOmemoLocks.setState({ byKey: {} });
});

/** The conversation's lock as the backend said: OMEMO on in the settings, `hasDevices` as given. */
function lockKnown(peer: string, hasDevices: boolean, enabled = true): void {
  useOmemoLocks.getState().put({
    accountId: 'a1',
    peer,
    encryption: 'off',
    chosen: true,
    hasDevices,
    enabled,
  });
}

describe('an OMEMO message in the timeline', () => {
  it('that could not be decrypted says why and what to do, never an empty bubble', () => {
    const m = message('e1', { body: '', encryption: 'omemo', decryptError: 'not-for-this-device' });
    render(<MessageBubble message={m} continued={false} actor="alice" />);
    const note = screen.getByTestId('decrypt-error');
    expect(note.textContent).toContain('Encrypted for other devices only');
    expect(note.textContent).toContain(`ask ${m.peer} to trust this device`);
    expect(screen.queryByTestId('encryption-mark')).toBeNull();
  });

  it('in a room names the sender by nick, not the room', () => {
    const m = message('e5', {
      body: '',
      peer: 'team@conference.example.org',
      resource: 'Bob',
      encryption: 'omemo2',
      decryptError: 'not-for-this-device',
    });
    render(<MessageBubble message={m} continued={false} sender="Bob" actor="Bob" />);
    const note = screen.getByTestId('decrypt-error').textContent;
    expect(note).toContain('ask Bob to trust this device');
    expect(note).not.toContain('team@conference.example.org');
  });

  it('in a room whose sender is unknown says so', () => {
    const m = message('e6', { body: '', encryption: 'omemo', decryptError: 'sender-unknown' });
    render(<MessageBubble message={m} continued={false} sender="Eve" actor="Eve" />);
    expect(screen.getByTestId('decrypt-error').textContent).toContain(
      'the room did not tell who sent it',
    );
  });

  it('with a broken session offers the reset in words', () => {
    const m = message('e2', { body: '', encryption: 'omemo2', decryptError: 'session-broken' });
    render(<MessageBubble message={m} continued={false} actor="alice" />);
    expect(screen.getByTestId('decrypt-error').textContent).toContain('reset it');
  });

  it('decrypted from an unverified device shows a lock and says so', () => {
    const m = message('e3', { body: 'hi', encryption: 'omemo', senderDevice: 7, trust: 'blind' });
    render(<MessageBubble message={m} continued={false} actor="alice" />);
    const mark = screen.getByTestId('encryption-mark');
    expect(mark.textContent).toContain('unverified device');
    expect(screen.queryByTestId('decrypt-error')).toBeNull();
  });

  it('decrypted from a verified device shows only the lock', () => {
    const m = message('e4', { body: 'hi', encryption: 'omemo2', trust: 'verified' });
    render(<MessageBubble message={m} continued={false} actor="alice" />);
    expect(screen.getByTestId('encryption-mark').textContent).not.toContain('unverified');
  });

  it('in the clear has no lock', () => {
    render(<MessageBubble message={message('e5', { body: 'hi' })} continued={false} actor="a" />);
    expect(screen.queryByTestId('encryption-mark')).toBeNull();
  });

  it('in the clear where the conversation could be encrypted shows an open lock', () => {
    const m = message('e6', { body: 'hi' });
    lockKnown(m.peer, true);
    render(<MessageBubble message={m} continued={false} actor="a" />);
    const mark = screen.getByTestId('plain-mark');
    expect(mark.getAttribute('title')).toBe('Not encrypted: sent in the clear');
    expect(screen.queryByTestId('encryption-mark')).toBeNull();
  });

  it('in the clear with a contact without devices, or OMEMO off, has no mark at all', () => {
    const m = message('e7', { body: 'hi' });
    lockKnown(m.peer, false);
    const { unmount } = render(<MessageBubble message={m} continued={false} actor="a" />);
    expect(screen.queryByTestId('plain-mark')).toBeNull();
    unmount();
    lockKnown(m.peer, true, false);
    render(<MessageBubble message={m} continued={false} actor="a" />);
    expect(screen.queryByTestId('plain-mark')).toBeNull();
  });

  it('in the clear in a group chat that allows OMEMO shows the open lock; in one that does not, none', () => {
    const m = message('e10', { body: 'hi', peer: 'room@conference.example.org' });
    const room = (eligible: boolean) =>
      useOmemoLocks.getState().put({
        accountId: 'a1',
        peer: m.peer,
        encryption: 'off',
        chosen: true,
        hasDevices: false,
        enabled: true,
        room: { eligible, reason: eligible ? null : 'The room is public' },
      });
    room(true);
    const { unmount } = render(<MessageBubble message={m} continued={false} actor="a" />);
    expect(screen.getByTestId('plain-mark')).toBeTruthy();
    unmount();
    room(false);
    render(<MessageBubble message={m} continued={false} actor="a" />);
    expect(screen.queryByTestId('plain-mark')).toBeNull();
  });

  it('encrypted where the conversation could be encrypted keeps its lock, not the open one', () => {
    const m = message('e8', { body: 'hi', encryption: 'omemo', trust: 'verified' });
    lockKnown(m.peer, true);
    render(<MessageBubble message={m} continued={false} actor="a" />);
    expect(screen.getByTestId('encryption-mark')).toBeTruthy();
    expect(screen.queryByTestId('plain-mark')).toBeNull();
  });

  it('not yet sent, or failed, has no open lock: it did not go in the clear', () => {
    const m = message('e9', { body: 'hi', direction: 'out', status: 'pending' });
    lockKnown(m.peer, true);
    const { unmount } = render(<MessageBubble message={m} continued={false} actor="a" />);
    expect(screen.queryByTestId('plain-mark')).toBeNull();
    unmount();
    const failed = {
      ...m,
      status: 'failed' as const,
      error:
        'Not sent: files cannot be sent encrypted yet. Turn the lock off to send it unencrypted.',
    };
    render(<MessageBubble message={failed} continued={false} actor="a" />);
    expect(screen.queryByTestId('plain-mark')).toBeNull();
    // The backend's reason says "Not sent" itself: the note says it once.
    const note = screen.getByTestId('message-error').textContent ?? '';
    expect(note.match(/Not sent/gu)).toHaveLength(1);
    expect(note).toMatch(/^Not sent: files cannot be sent encrypted yet\. Turn the lock off/u);
  });
});
