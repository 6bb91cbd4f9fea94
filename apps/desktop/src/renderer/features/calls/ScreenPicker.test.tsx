import '../../test/jsdom.js';
import type { ScreenSources } from '@parley/contract';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DesktopBridge } from '../desktop/bridge';
import { ScreenPicker } from './ScreenPicker';

const png = 'data:image/png;base64,iVBORw0KGgo=';
const request: ScreenSources = {
  requestId: '7',
  sources: [
    { id: 'screen:0:0', name: 'Entire screen', kind: 'screen', thumbnail: png },
    { id: 'window:42:0', name: 'Editor', kind: 'window', thumbnail: null },
  ],
};

let ask: ((raw: unknown) => void) | null;
let choices: unknown[];

beforeEach(() => {
  ask = null;
  choices = [];
  const bridge: DesktopBridge = {
    getSettings: () => Promise.resolve(null),
    setSettings: () => Promise.resolve(null),
    report: () => undefined,
    mention: () => undefined,
    show: () => undefined,
    onAction: () => () => undefined,
    onScreenSources: (listener) => {
      ask = listener;
      return () => (ask = null);
    },
    screenChoice: (choice) => choices.push(choice),
  };
  window.parleyDesktop = bridge;
});
afterEach(() => {
  cleanup();
  delete window.parleyDesktop;
});

describe('the screen-share picker (desktop app)', () => {
  it('shows nothing until main asks, then screens and windows; a pick answers main', () => {
    render(<ScreenPicker />);
    expect(screen.queryByTestId('screen-picker')).toBeNull();
    act(() => ask?.(request));
    const dialog = screen.getByTestId('screen-picker');
    expect(dialog.textContent).toContain('Screens');
    expect(dialog.textContent).toContain('Windows');
    expect(dialog.querySelector('img')?.getAttribute('src')).toBe(png);
    fireEvent.click(screen.getByTestId('screen-source-window:42:0'));
    expect(choices).toEqual([{ requestId: '7', sourceId: 'window:42:0' }]);
    expect(screen.queryByTestId('screen-picker')).toBeNull();
  });

  it('cancel (or Escape) answers none', () => {
    render(<ScreenPicker />);
    act(() => ask?.(request));
    fireEvent.click(screen.getByTestId('screen-picker-cancel'));
    act(() => ask?.({ ...request, requestId: '8' }));
    fireEvent.keyDown(screen.getByTestId('screen-picker'), { key: 'Escape' });
    expect(choices).toEqual([
      { requestId: '7', sourceId: null },
      { requestId: '8', sourceId: null },
    ]);
  });

  it('a request outside the contract is refused without showing anything', () => {
    render(<ScreenPicker />);
    act(() => ask?.({ requestId: '9', sources: [{ id: 'javascript:alert(1)', name: 'x' }] }));
    expect(screen.queryByTestId('screen-picker')).toBeNull();
    expect(choices).toEqual([{ requestId: '9', sourceId: null }]);
  });
});
