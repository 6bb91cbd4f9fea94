import '../../test/jsdom.js';
import type { ResourcePresence } from '@parley/contract';
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contact } from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { useRoster } from '../roster/store';
import { CallButtons } from './CallButtons';
import { useCalls } from './store';

const peer = 'bob@example.org';
const device = (resource: string, over: Partial<ResourcePresence> = {}): ResourcePresence => ({
  resource,
  show: 'available',
  status: '',
  priority: 0,
  ...over,
});

function withDevices(...resources: ResourcePresence[]): void {
  act(() =>
    useRoster.getState().setRoster('a1', [contact(peer, { show: 'available', resources })]),
  );
}

const button = (id: string) => screen.getByTestId(id) as HTMLButtonElement;

beforeEach(() => {
  resetStores();
  useCalls.setState({ calls: {}, failure: null });
});
afterEach(() => cleanup());

describe('call buttons follow what the contact’s devices can take', () => {
  it('are disabled, saying why, while no online device is known to take a call', () => {
    render(<CallButtons accountId="a1" peer={peer} />);
    withDevices(device('chat', { callMedia: [] }), device('new'));
    expect(button('call-audio').disabled).toBe(true);
    expect(button('call-audio').title).toBe(
      'No device of this contact that is online can take a call',
    );
    expect(button('call-video').disabled).toBe(true);
  });

  it('an audio-only device enables the call button only', () => {
    render(<CallButtons accountId="a1" peer={peer} />);
    withDevices(device('chat', { callMedia: [] }), device('phone', { callMedia: ['audio'] }));
    expect(button('call-audio').disabled).toBe(false);
    expect(button('call-audio').title).toBe('Call');
    expect(button('call-video').disabled).toBe(true);
    expect(button('call-video').title).toBe(
      'No device of this contact that is online can take a video call',
    );
  });

  it('a device with audio and video enables both; once it goes offline, neither', () => {
    render(<CallButtons accountId="a1" peer={peer} />);
    withDevices(device('pc', { callMedia: ['audio', 'video'] }));
    expect(button('call-audio').disabled).toBe(false);
    expect(button('call-video').disabled).toBe(false);
    withDevices(device('pc', { show: 'offline', callMedia: ['audio', 'video'] }));
    expect(button('call-audio').disabled).toBe(true);
  });
});
