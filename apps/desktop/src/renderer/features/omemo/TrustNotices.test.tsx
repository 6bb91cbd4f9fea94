import '../../test/jsdom.js';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClient } from '../../app/client';
import { FakeClient } from '../../test/fake-client';
import { EncryptionButton } from './EncryptionButton';
import { TrustNotices } from './TrustNotices';
import { useTrustAlerts, wireTrustEvents } from './trust-alerts';

const BOB = 'bob@example.org';
const FP = 'c4f5bef1e05d3f8e0d91667b0034e87336a27390a3e6b752a0191a4412f84c12';
const FP2 = 'abb94daf3c443ad505bf9c368494bf853cbac9e888bb66cc322c7cbe4afc2559';
let client: FakeClient;
let unwire: () => void;

beforeEach(() => {
  useTrustAlerts.setState({ newDevices: {}, keyChanges: {} });
  client = new FakeClient().handle('omemo.devices.list', () => ({ devices: [] }));
  setClient(client);
  unwire = wireTrustEvents(client);
});
afterEach(() => {
  unwire();
  cleanup();
});

describe('trust notices in a conversation', () => {
  it("a contact's new device shows a notice that leads to the devices and can be dismissed", async () => {
    render(<TrustNotices accountId="a1" peer={BOB} />);
    expect(screen.queryByTestId('new-device-notice')).toBeNull();
    act(() =>
      client.emit('omemo.devices.new', {
        accountId: 'a1',
        jid: BOB,
        version: 'omemo2',
        deviceIds: [42],
      }),
    );
    expect(screen.getByTestId('new-device-notice').textContent).toContain('new device (42)');
    // Another account's notice is not this conversation's.
    act(() =>
      client.emit('omemo.devices.new', {
        accountId: 'a2',
        jid: BOB,
        version: 'omemo2',
        deviceIds: [43],
      }),
    );
    expect(screen.getByTestId('new-device-notice').textContent).not.toContain('43');
    fireEvent.click(screen.getByText('Review devices'));
    expect(await screen.findByTestId('devices-dialog')).toBeTruthy();
    expect(client.callsOf('omemo.devices.list')).toEqual([{ accountId: 'a1', jid: BOB }]);
  });

  it('a changed key raises an alert and marks the header button until reviewed', async () => {
    render(
      <>
        <TrustNotices accountId="a1" peer={BOB} />
        <EncryptionButton accountId="a1" peer={BOB} />
      </>,
    );
    const button = screen.getByTestId('omemo-devices-button');
    expect(button.dataset['alert']).toBe('false');
    act(() =>
      client.emit('omemo.key.changed', {
        accountId: 'a1',
        jid: BOB,
        deviceId: 7,
        pinnedFingerprint: FP,
        newFingerprint: FP2,
      }),
    );
    const alert = screen.getByTestId('key-changed-alert');
    expect(alert.getAttribute('role')).toBe('alert');
    expect(alert.textContent).toContain('device 7 changed');
    expect(button.dataset['alert']).toBe('true');
    fireEvent.click(button);
    expect(await screen.findByTestId('devices-dialog')).toBeTruthy();
    fireEvent.keyDown(screen.getByTestId('devices-dialog'), { key: 'Escape' });
    await act(async () => {});
    expect(screen.queryByTestId('key-changed-alert')).toBeNull();
    expect(button.dataset['alert']).toBe('false');
  });
});
