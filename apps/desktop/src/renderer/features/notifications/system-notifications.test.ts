import '../../test/jsdom.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setClient } from '../../app/client';
import { FakeClient } from '../../test/fake-client';
import { account, contact, conversation, message } from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { useAccounts } from '../accounts/store';
import { useRoster } from '../roster/store';
import { usePrefs } from '../settings/prefs-store';
import { FakeDesktopBridge } from '../desktop/fake-desktop-bridge';
import { useUi } from '../ui/store';
import { browserNotifications, HIDDEN_TEXT, notifyMessages } from './message-notifier';

/** The system notification as Electron's renderer (and a browser) makes it. */
class FakeNotification {
  static permission = 'granted';
  static shown: Array<{ title: string; options: NotificationOptions }> = [];
  static last: FakeNotification | null = null;
  onclick: (() => void) | null = null;
  constructor(title: string, options: NotificationOptions) {
    FakeNotification.shown.push({ title, options });
    FakeNotification.last = this;
  }
  close(): void {}
}

beforeEach(() => {
  resetStores();
  setClient(new FakeClient().handle('conversations.open', ({ peer }) => conversation(peer)));
  useAccounts.getState().setAll([account({ id: 'a1' })]);
  useRoster.getState().setRoster('a1', [contact('alice@example.org', { name: 'Alice' })]);
  FakeNotification.shown = [];
  vi.stubGlobal('Notification', FakeNotification);
  vi.spyOn(document, 'hasFocus').mockReturnValue(false);
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  usePrefs.setState({ notificationSound: false, notificationText: true });
});

const incoming = () =>
  message('m1', {
    accountId: 'a1',
    peer: 'alice@example.org',
    body: 'lunch?',
    timestamp: Date.now(),
  });

describe('the system notification path (Electron and browser)', () => {
  it('is silent itself: with the sound setting off no sound plays at all', () => {
    const chime = vi.fn();
    notifyMessages([incoming()], browserNotifications(), chime);
    expect(FakeNotification.shown).toEqual([
      { title: 'Alice', options: expect.objectContaining({ body: 'lunch?', silent: true }) },
    ]);
    expect(chime).not.toHaveBeenCalled();
  });

  it('plays only our chime with the sound on, and hides the text when asked', () => {
    usePrefs.setState({ notificationSound: true, notificationText: false });
    const chime = vi.fn();
    notifyMessages([incoming()], browserNotifications(), chime);
    expect(chime).toHaveBeenCalledTimes(1);
    expect(FakeNotification.shown[0]!.options).toMatchObject({ body: HIDDEN_TEXT, silent: true });
  });

  it('a click brings the window back, from the tray too, and opens the chat', async () => {
    const bridge = new FakeDesktopBridge();
    window.parleyDesktop = bridge;
    try {
      notifyMessages([incoming()], browserNotifications(), vi.fn());
      FakeNotification.last!.onclick!();
      expect(bridge.shows).toBe(1);
      await vi.waitFor(() =>
        expect(useUi.getState().openChat).toEqual({ accountId: 'a1', peer: 'alice@example.org' }),
      );
    } finally {
      delete window.parleyDesktop;
    }
  });
});
