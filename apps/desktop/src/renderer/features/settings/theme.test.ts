import '../../test/jsdom.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClient } from '../../test/fake-client';
import { loadAppSettings, wireAppSettings } from './app-settings';
import { defaultPrefs, usePrefs } from './prefs-store';
import { applyTheme, resolveTheme } from './theme';

/** A controllable prefers-color-scheme: dark. */
function fakeSystem(dark: boolean) {
  const listeners = new Set<() => void>();
  const media = {
    matches: dark,
    addEventListener: (_: string, l: () => void) => listeners.add(l),
    removeEventListener: (_: string, l: () => void) => listeners.delete(l),
  };
  window.matchMedia = (() => media) as unknown as typeof window.matchMedia;
  return {
    listeners,
    set(next: boolean) {
      media.matches = next;
      for (const l of [...listeners]) l();
    },
  };
}

const root = () => document.documentElement;
let off: () => void = () => {};

beforeEach(() => {
  usePrefs.setState(defaultPrefs());
  delete root().dataset.theme;
});
afterEach(() => off());

describe('theme setting', () => {
  it('resolves system by the system preference, else the choice', () => {
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
    expect(resolveTheme('light', true)).toBe('light');
  });

  it('system follows prefers-color-scheme as it changes; a fixed choice does not', () => {
    const system = fakeSystem(false);
    applyTheme('system');
    expect(root().dataset.theme).toBe('light');
    system.set(true);
    expect(root().dataset.theme).toBe('dark');
    applyTheme('light');
    expect(root().dataset.theme).toBe('light');
    // No longer following: the system turning dark leaves the chosen light alone.
    expect(system.listeners.size).toBe(0);
    system.set(true);
    expect(root().dataset.theme).toBe('light');
  });

  it('the stored choice and a change saved elsewhere set the page colours', async () => {
    fakeSystem(false);
    const fake = new FakeClient().handle('settings.get', ({ key }) => ({
      key,
      accountId: null,
      value: key === 'theme' ? 'dark' : undefined,
    }));
    off = wireAppSettings(fake);
    expect(root().dataset.theme).toBe('light');
    await loadAppSettings(fake);
    expect(usePrefs.getState().theme).toBe('dark');
    expect(root().dataset.theme).toBe('dark');
    fake.emit('settings.changed', { key: 'theme', accountId: null, value: 'light' });
    expect(root().dataset.theme).toBe('light');
    // A malformed value changes nothing.
    fake.emit('settings.changed', { key: 'theme', accountId: null, value: 'purple' });
    expect(root().dataset.theme).toBe('light');
  });
});
