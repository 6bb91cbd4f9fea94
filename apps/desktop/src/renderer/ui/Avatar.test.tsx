import '../test/jsdom.js';
import { act, cleanup, fireEvent, render } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClient } from '../app/client';
import { useAvatars, wireAvatars } from '../features/avatars/store';
import { FakeClient } from '../test/fake-client';
import { Avatar } from './Avatar';

const JID = 'bob@example.org';
const HASH = 'a'.repeat(40);
let client: FakeClient;
let created = 0;

beforeEach(() => {
  useAvatars.setState({ byJid: {}, images: {} });
  client = new FakeClient();
  client.handle('avatars.image', ({ hash }) => ({ hash, mime: 'image/png', base64: 'iVBORw==' }));
  setClient(client);
  created = 0;
  URL.createObjectURL = () => `blob:avatar-${++created}`;
  URL.revokeObjectURL = () => {};
});
afterEach(() => {
  cleanup();
  setClient(null);
});

describe('Avatar', () => {
  it('shows the initials when the address has no picture', () => {
    const { container } = render(<Avatar jid={JID} label="Bob" />);
    expect(container.textContent).toBe('B');
    expect(container.querySelector('img')).toBeNull();
  });

  it('fetches the picture by hash once and shows it over the initials when decoded', async () => {
    const off = wireAvatars(client);
    act(() => client.emit('avatar.changed', { accountId: 'a1', jid: JID, hash: HASH }));
    const { container } = render(
      <>
        <Avatar jid={JID} label="Bob" />
        <Avatar jid={JID} label="Bob" size="sm" />
      </>,
    );
    await act(async () => {
      await Promise.resolve();
    });
    const images = container.querySelectorAll('img');
    expect(images).toHaveLength(2);
    expect(client.calls.filter((c) => c.name === 'avatars.image')).toHaveLength(1);
    // Initials stay visible until the image decodes.
    expect(images[0]!.className).toBe('avatar-image');
    Object.defineProperty(images[0], 'naturalWidth', { value: 64 });
    Object.defineProperty(images[0], 'naturalHeight', { value: 64 });
    fireEvent.load(images[0]!);
    expect(images[0]!.className).toBe('avatar-image loaded');

    // Removed: back to the initials.
    act(() => client.emit('avatar.changed', { accountId: 'a1', jid: JID, hash: null }));
    expect(container.querySelector('img')).toBeNull();
    off();
  });

  it('keeps the initials for an image that fails to decode or is huge', async () => {
    useAvatars.getState().set('a1', JID, HASH);
    const { container } = render(<Avatar jid={JID} label="Bob" />);
    await act(async () => {
      await Promise.resolve();
    });
    const image = container.querySelector('img')!;
    Object.defineProperty(image, 'naturalWidth', { value: 100_000 });
    Object.defineProperty(image, 'naturalHeight', { value: 10 });
    fireEvent.load(image);
    expect(container.querySelector('img')).toBeNull();
    expect(container.textContent).toBe('B');
  });
});
