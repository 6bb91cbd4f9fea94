import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClient, failure } from '../../test/fake-client';
import { resetStores } from '../../test/reset';
import { useUi } from '../ui/store';
import { loadAppSettings, wireAppSettings } from './app-settings';

let fake: FakeClient;
let off: () => void = () => {};

beforeEach(() => {
  resetStores();
  useUi.setState({ messageStyling: true });
  fake = new FakeClient();
});
afterEach(() => off());

describe('app-wide settings mirrored for the renderer', () => {
  it('takes the stored styling choice at start', async () => {
    fake.handle('settings.get', ({ key }) => ({ key, accountId: null, value: false }));
    await loadAppSettings(fake);
    expect(useUi.getState().messageStyling).toBe(false);
  });

  it('follows a change saved elsewhere, and ignores per-account and malformed entries', () => {
    off = wireAppSettings(fake);
    fake.emit('settings.changed', { key: 'messageStyling', accountId: null, value: false });
    expect(useUi.getState().messageStyling).toBe(false);
    fake.emit('settings.changed', { key: 'messageStyling', accountId: null, value: 'yes' });
    expect(useUi.getState().messageStyling).toBe(false);
    fake.emit('settings.changed', { key: 'sendChatStates', accountId: 'a1', value: true });
    expect(useUi.getState().messageStyling).toBe(false);
    fake.emit('settings.changed', { key: 'messageStyling', accountId: null, value: true });
    expect(useUi.getState().messageStyling).toBe(true);
  });

  it('keeps the default when the backend cannot answer', async () => {
    fake.handle('settings.get', () => {
      throw failure('store closed');
    });
    await loadAppSettings(fake);
    expect(useUi.getState().messageStyling).toBe(true);
  });
});
