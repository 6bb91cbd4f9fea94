import '../../test/jsdom.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setClient } from '../../app/client';
import { FakeClient } from '../../test/fake-client';
import { account, contact, message } from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { useAccounts } from '../accounts/store';
import { useRoster } from '../roster/store';
import { defaultPrefs, usePrefs } from '../settings/prefs-store';
import { chimeUrl, chimeWav } from './chime';
import { HIDDEN_TEXT, noticeFor, notifyMessages, type MessageNotice } from './message-notifier';

beforeEach(() => {
  resetStores();
  usePrefs.setState(defaultPrefs());
  setClient(new FakeClient());
  useAccounts.getState().setAll([account({ id: 'a1' })]);
  useRoster.getState().setRoster('a1', [contact('alice@example.org', { name: 'Alice' })]);
  vi.spyOn(document, 'hasFocus').mockReturnValue(false);
});
afterEach(() => vi.restoreAllMocks());

const fresh = (id: string) =>
  message(id, {
    accountId: 'a1',
    peer: 'alice@example.org',
    body: 'the door code is 4711',
    timestamp: Date.now(),
  });

function shownFor(id: string, sound = vi.fn()) {
  const shown: MessageNotice[] = [];
  notifyMessages([fresh(id)], (notice) => shown.push(notice), sound);
  return { shown, sound };
}

describe('notification settings', () => {
  it('notifications off: the notifier shows nothing and plays nothing', () => {
    usePrefs.getState().setPref('notifications', false);
    usePrefs.getState().setPref('notificationSound', true);
    expect(noticeFor(fresh('m1'))).toBeNull();
    const { shown, sound } = shownFor('m2');
    expect(shown).toEqual([]);
    expect(sound).not.toHaveBeenCalled();
  });

  it('text hidden: only the sender is shown, never the message', () => {
    expect(noticeFor(fresh('t0'))?.body).toBe('the door code is 4711');
    usePrefs.getState().setPref('notificationText', false);
    const notice = noticeFor(fresh('t1'));
    expect(notice).toMatchObject({ title: 'Alice', body: HIDDEN_TEXT });
    expect(JSON.stringify(notice)).not.toContain('4711');
  });

  it('sound: off by default; on, the chime plays with each notice', () => {
    expect(shownFor('s1').sound).not.toHaveBeenCalled();
    usePrefs.getState().setPref('notificationSound', true);
    const { shown, sound } = shownFor('s2');
    expect(shown).toHaveLength(1);
    expect(sound).toHaveBeenCalledTimes(1);
  });

  it('the chime is a short WAV in the code itself, a data: URL (no network)', () => {
    const wav = chimeWav();
    expect(new TextDecoder().decode(wav.subarray(0, 4))).toBe('RIFF');
    expect(new TextDecoder().decode(wav.subarray(8, 12))).toBe('WAVE');
    expect(wav.length).toBeLessThan(4096);
    expect(chimeUrl()).toMatch(/^data:audio\/wav;base64,UklGR/u);
  });
});
