import '../../test/jsdom.js';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setClient } from '../../app/client';
import { FakeClient, failure } from '../../test/fake-client';
import { roomConfigForm } from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { RoomConfigDialog } from './RoomConfigDialog';

const R = 'room@conference.example.org';
const field = (name: string) => screen.getByTestId(`config-field-${name}`);

beforeEach(() => resetStores());
afterEach(() => {
  cleanup();
  setClient(null);
});

describe('room configuration form', () => {
  it('renders each field type and submits the edited values by var', async () => {
    const client = new FakeClient().handle('rooms.getConfig', () => roomConfigForm());
    setClient(client);
    const onClose = vi.fn();
    render(<RoomConfigDialog accountId="a1" room={R} created={false} onClose={onClose} />);
    await screen.findByTestId('config-field-muc#roomconfig_roomname');

    expect(field('muc#roomconfig_roomname').tagName).toBe('INPUT');
    expect(field('muc#roomconfig_roomdesc').tagName).toBe('TEXTAREA');
    expect((field('muc#roomconfig_roomdesc') as HTMLTextAreaElement).value).toBe('a\nb');
    expect((field('muc#roomconfig_roomsecret') as HTMLInputElement).type).toBe('password');
    expect(field('muc#roomconfig_whois').tagName).toBe('SELECT');
    expect(screen.queryByTestId('config-field-FORM_TYPE')).toBeNull();
    expect(screen.getByTestId('room-config-dialog').textContent).toContain('Room information');

    fireEvent.change(field('muc#roomconfig_roomname'), { target: { value: 'Tea' } });
    fireEvent.change(field('muc#roomconfig_roomdesc'), { target: { value: 'one\ntwo\nthree' } });
    fireEvent.click(field('muc#roomconfig_persistentroom'));
    fireEvent.change(field('muc#roomconfig_roomsecret'), { target: { value: 'pw' } });
    fireEvent.change(field('muc#roomconfig_whois'), { target: { value: 'anyone' } });
    fireEvent.click(screen.getByTestId('config-field-muc#roomconfig_presencebroadcast-visitor'));
    fireEvent.click(screen.getByTestId('config-field-muc#roomconfig_presencebroadcast-moderator'));
    fireEvent.change(field('muc#roomconfig_roomadmins'), {
      target: { value: 'a@example.org\n\nb@example.org' },
    });
    fireEvent.click(screen.getByTestId('room-config-submit'));

    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(client.callsOf('rooms.submitConfig')).toEqual([
      {
        accountId: 'a1',
        room: R,
        values: {
          FORM_TYPE: ['http://jabber.org/protocol/muc#roomconfig'],
          'muc#roomconfig_roomname': ['Tea'],
          'muc#roomconfig_roomdesc': ['one', 'two', 'three'],
          'muc#roomconfig_persistentroom': ['1'],
          'muc#roomconfig_roomsecret': ['pw'],
          'muc#roomconfig_whois': ['anyone'],
          'muc#roomconfig_presencebroadcast': ['participant', 'visitor'],
          'muc#roomconfig_roomadmins': ['a@example.org', 'b@example.org'],
        },
      },
    ]);
    expect(client.callsOf('rooms.cancelConfig')).toHaveLength(0);
  });

  it('only closes on Cancel for an existing room, and shows a save error in place', async () => {
    const client = new FakeClient()
      .handle('rooms.getConfig', () => roomConfigForm())
      .handle('rooms.submitConfig', () => {
        throw failure('not-acceptable: name too long');
      });
    setClient(client);
    const onClose = vi.fn();
    render(<RoomConfigDialog accountId="a1" room={R} created={false} onClose={onClose} />);
    fireEvent.click(await screen.findByTestId('room-config-submit'));
    expect((await screen.findByTestId('room-config-error')).textContent).toContain('name too long');
    expect(onClose).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(client.callsOf('rooms.cancelConfig')).toHaveLength(0);
  });

  it('says so when the form cannot be loaded', async () => {
    setClient(
      new FakeClient().handle('rooms.getConfig', () => {
        throw failure('forbidden');
      }),
    );
    render(<RoomConfigDialog accountId="a1" room={R} created={false} onClose={() => undefined} />);
    expect((await screen.findByTestId('room-config-error')).textContent).toContain('forbidden');
  });
});
