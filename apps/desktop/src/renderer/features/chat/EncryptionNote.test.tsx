import '../../test/jsdom.js';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { message } from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { MessageBubble } from './MessageBubble';

afterEach(() => {
  cleanup();
  resetStores();
});

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
});
