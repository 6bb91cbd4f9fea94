import '../../test/jsdom.js';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { OmemoDevice } from '@parley/contract';
import { encode } from 'uqr';
import { afterEach, describe, expect, it } from 'vitest';
import { setClient } from '../../app/client';
import { FakeClient, failure } from '../../test/fake-client';
import { DeviceRow } from './DeviceRow';
import { DevicesDialog } from './DevicesDialog';
import { QrCode } from './QrCode';

const BOB = 'bob@example.org';
const ME = 'me@example.org';
const FP = 'c4f5bef1e05d3f8e0d91667b0034e87336a27390a3e6b752a0191a4412f84c12';
const FP2 = 'abb94daf3c443ad505bf9c368494bf853cbac9e888bb66cc322c7cbe4afc2559';
const OWN_URI = `xmpp:${ME}?omemo-sid-5=${FP2}`;

function device(over: Partial<OmemoDevice> = {}): OmemoDevice {
  return {
    jid: BOB,
    version: 'omemo2',
    deviceId: 77,
    label: null,
    fingerprint: FP,
    trust: 'blind',
    active: true,
    stale: false,
    lastMessageAt: null,
    problem: null,
    keyChanged: false,
    changedFingerprint: null,
    current: false,
    ...over,
  };
}

afterEach(cleanup);

describe('a device row', () => {
  it('shows the fingerprint in 8 coloured groups of 8, its label and its marks', () => {
    const noop = { setTrust: async () => {} };
    render(
      <ul>
        <DeviceRow
          device={device({ label: 'Phone', active: false, stale: true, problem: 'bad bundle' })}
          actions={noop}
        />
      </ul>,
    );
    const groups = screen.getByTestId('device-fingerprint').querySelectorAll('.fingerprint-group');
    expect([...groups].map((g) => g.textContent)).toEqual(FP.match(/.{8}/g));
    // Coloured per group: two different groups get different colours.
    const colours = new Set(
      [...groups].map((g) => (g as HTMLElement).style.getPropertyValue('--nick-light')),
    );
    expect(colours.size).toBeGreaterThan(1);
    expect(screen.getByText('Phone (77)')).toBeTruthy();
    expect(screen.getByText('Inactive')).toBeTruthy();
    expect(screen.getByText('Not answering')).toBeTruthy();
    expect(screen.getByTestId('device-problem').textContent).toContain('bad bundle');
  });

  it('the trust switch is a keyboard radio group; choosing sends the shown key', async () => {
    const calls: unknown[] = [];
    const actions = { setTrust: async (...args: unknown[]) => void calls.push(args) };
    render(
      <ul>
        <DeviceRow device={device({ trust: 'undecided' })} actions={actions} />
      </ul>,
    );
    expect(screen.getByTestId('trust-undecided')).toBeTruthy();
    const radios = screen.getAllByRole('radio') as HTMLInputElement[];
    expect(radios.map((r) => r.checked)).toEqual([false, false, false]);
    // One group (same name): arrow keys move within it as with any native radio group.
    expect(new Set(radios.map((r) => r.name)).size).toBe(1);
    radios[0]!.focus();
    expect(document.activeElement).toBe(radios[0]);
    fireEvent.click(screen.getByTestId('trust-verified'));
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]).toEqual([expect.objectContaining({ deviceId: 77 }), 'verified', FP]);
  });

  it('a changed key shows the new fingerprint and is decided only by naming it', async () => {
    const calls: unknown[][] = [];
    const actions = { setTrust: async (...args: unknown[]) => void calls.push(args) };
    render(
      <ul>
        <DeviceRow
          device={device({ keyChanged: true, changedFingerprint: FP2, trust: 'verified' })}
          actions={actions}
        />
      </ul>,
    );
    expect(screen.queryByTestId('trust-switch')).toBeNull();
    expect(screen.getByTestId('changed-fingerprint').textContent).toBe(FP2);
    fireEvent.click(screen.getByTestId('accept-key'));
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]!.slice(1)).toEqual(['verified', FP2]);
  });
});

describe('the QR code', () => {
  it('draws the link as the modules uqr encodes, on a light square', () => {
    render(<QrCode text={OWN_URI} label="QR" />);
    const svg = screen.getByTestId('qr-code');
    const qr = encode(OWN_URI, { ecc: 'M', border: 4 });
    expect(svg.getAttribute('viewBox')).toBe(`0 0 ${qr.size} ${qr.size}`);
    const dark = qr.data.flat().filter(Boolean).length;
    const d = svg.querySelector('path')!.getAttribute('d')!;
    expect(d.match(/M/g)).toHaveLength(dark);
    // The top-left finder pattern's corner module (inside the 4-module quiet zone) is dark.
    expect(d.startsWith('M4 4h1v1h-1z')).toBe(true);
  });
});

describe('the devices dialog', () => {
  function client(devices: OmemoDevice[]) {
    const fake = new FakeClient()
      .handle('omemo.devices.list', () => ({ devices: [...devices] }))
      .handle('omemo.verification.uri', () => ({ uri: OWN_URI }));
    setClient(fake);
    return fake;
  }

  it("lists the contact's devices per version, shows our link and QR code", async () => {
    client([device(), device({ version: 'omemo', deviceId: 78, trust: 'verified' })]);
    render(<DevicesDialog open onOpenChange={() => {}} accountId="a1" jid={BOB} ownJid={ME} />);
    const v2 = await screen.findByTestId('devices-omemo2');
    expect(
      within(v2)
        .getAllByTestId('device-row')
        .map((r) => r.dataset['device']),
    ).toEqual(['77']);
    expect(
      within(screen.getByTestId('devices-omemo')).getByTestId('device-row').dataset['trust'],
    ).toBe('verified');
    expect((await screen.findByTestId('own-link-text')).textContent).toBe(OWN_URI);
    expect(screen.getByTestId('qr-code')).toBeTruthy();
  });

  it('a pasted link that matches verifies; one that does not says so', async () => {
    const fake = client([device()]);
    let answer: 'match' | 'mismatch' = 'mismatch';
    fake.handle('omemo.verification.apply', () => ({
      jid: BOB,
      verified: answer === 'match',
      devices: [{ deviceId: 77, result: answer }],
    }));
    render(<DevicesDialog open onOpenChange={() => {}} accountId="a1" jid={BOB} ownJid={ME} />);
    const input = (await screen.findByTestId('paste-link-input')) as HTMLInputElement;
    const link = `xmpp:${BOB}?omemo-sid-77=${FP}`;
    fireEvent.change(input, { target: { value: `  ${link} ` } });
    fireEvent.click(screen.getByTestId('paste-link-apply'));
    const result = await screen.findByTestId('paste-link-result');
    expect(result.getAttribute('role')).toBe('alert');
    expect(result.textContent).toContain('nothing was verified');
    expect(fake.callsOf('omemo.verification.apply')).toEqual([{ accountId: 'a1', uri: link }]);
    answer = 'match';
    fireEvent.click(screen.getByTestId('paste-link-apply'));
    await waitFor(() =>
      expect(screen.getByTestId('paste-link-result').textContent).toContain('Verified 1 device'),
    );
    expect(input.value).toBe('');
  });

  it('a bad link shows the error from the backend', async () => {
    const fake = client([device()]);
    fake.handle('omemo.verification.apply', () => {
      throw failure('not a verification link: not an xmpp: link');
    });
    render(<DevicesDialog open onOpenChange={() => {}} accountId="a1" jid={BOB} ownJid={ME} />);
    fireEvent.change(await screen.findByTestId('paste-link-input'), { target: { value: 'hello' } });
    fireEvent.click(screen.getByTestId('paste-link-apply'));
    expect((await screen.findByTestId('paste-link-result')).textContent).toContain(
      'not an xmpp: link',
    );
  });

  it('our own devices: this one marked, another removed only after confirming', async () => {
    const fake = client([
      device({ jid: ME, deviceId: 5, current: true, fingerprint: FP2, trust: 'verified' }),
      device({ jid: ME, deviceId: 6 }),
    ]);
    render(<DevicesDialog open onOpenChange={() => {}} accountId="a1" jid={ME} ownJid={ME} />);
    const rows = await screen.findAllByTestId('device-row');
    expect(within(rows[0]!).getByText('This device')).toBeTruthy();
    expect(within(rows[0]!).queryByTestId('remove-device')).toBeNull();
    expect(screen.queryByTestId('paste-link')).toBeNull();
    fireEvent.click(within(rows[1]!).getByTestId('remove-device'));
    expect(fake.callsOf('omemo.own.device.remove')).toEqual([]);
    fireEvent.click(await screen.findByTestId('confirm-ok'));
    await waitFor(() =>
      expect(fake.callsOf('omemo.own.device.remove')).toEqual([{ accountId: 'a1', deviceId: 6 }]),
    );
  });

  it("a contact's device offers a session reset, and the list follows the backend's events", async () => {
    const list = [device()];
    const fake = client(list);
    fake.handle('omemo.session.reset', () => ({}));
    render(<DevicesDialog open onOpenChange={() => {}} accountId="a1" jid={BOB} ownJid={ME} />);
    fireEvent.click(await screen.findByTestId('reset-session'));
    await waitFor(() =>
      expect(fake.callsOf('omemo.session.reset')).toEqual([
        { accountId: 'a1', jid: BOB, deviceId: 77, version: 'omemo2' },
      ]),
    );
    list.push(device({ deviceId: 79 }));
    fake.emit('omemo.devices.changed', { accountId: 'a1', jid: BOB });
    await waitFor(() => expect(screen.getAllByTestId('device-row')).toHaveLength(2));
  });
});
