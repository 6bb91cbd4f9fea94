import '../../test/jsdom.js';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setClient } from '../../app/client';
import { applyLanguage } from '../../i18n';
import { FakeClient } from '../../test/fake-client';
import { account, contact, message } from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { useAccounts } from '../accounts/store';
import { useRoster } from '../roster/store';
import { defaultPrefs, usePrefs } from '../settings/prefs-store';
import { noticeFor } from './message-notifier';
import { NotifyMenu } from './NotifyMenu';

beforeEach(() => {
  resetStores();
  usePrefs.setState(defaultPrefs());
  setClient(new FakeClient());
  useAccounts.getState().setAll([account({ id: 'a1' })]);
  useRoster.getState().setRoster('a1', [contact('alice@example.org', { name: 'Alice' })]);
  vi.spyOn(document, 'hasFocus').mockReturnValue(false);
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  setClient(null);
  applyLanguage('en');
});

describe('notifications in German and Arabic', () => {
  it('names the bell and its choices in German', () => {
    applyLanguage('de');
    render(<NotifyMenu accountId="a1" peer="tea@conference.example.org" kind="room" />);
    expect(screen.getByTestId('notify-menu').getAttribute('aria-label')).toBe('Benachrichtigungen');
    fireEvent.keyDown(screen.getByTestId('notify-menu'), { key: 'Enter' });
    expect(screen.getByTestId('notify-default').textContent).toContain(
      'Standard (nur wenn mein Spitzname erwähnt wird)',
    );
    expect(screen.getByTestId('notify-never').textContent).toContain('Aus');
  });

  it('hides the text of a notice with the Arabic words for a new message', () => {
    applyLanguage('ar');
    usePrefs.getState().setPref('notificationText', false);
    const notice = noticeFor(
      message('m1', { accountId: 'a1', peer: 'alice@example.org', timestamp: Date.now() }),
    );
    expect(notice).toMatchObject({ title: 'Alice', body: 'رسالة جديدة' });
  });
});
