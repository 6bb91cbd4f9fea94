import '../../test/jsdom.js';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClient } from '../../app/client';
import { FakeClient } from '../../test/fake-client';
import { message } from '../../test/fixtures';
import { defaultPrefs, usePrefs } from '../settings/prefs-store';
import { forgetLinkPreviews, LinkPreviewCard } from './LinkPreviewCard';

let client: FakeClient;

beforeEach(() => {
  usePrefs.setState(defaultPrefs());
  forgetLinkPreviews();
  client = new FakeClient().handle('links.preview', () => ({
    preview: {
      url: 'https://example.org/tea',
      title: '<b>Tea</b> at five',
      description: 'A short guide',
      site: 'Example',
    },
  }));
  setClient(client);
});
afterEach(() => {
  cleanup();
  setClient(null);
});

const withLink = message('m1', { body: 'see https://example.org/tea' });

describe('link preview card', () => {
  it('off by default: nothing asked, nothing shown', async () => {
    render(<LinkPreviewCard message={withLink} />);
    await new Promise((r) => setTimeout(r, 10));
    expect(client.callsOf('links.preview')).toEqual([]);
    expect(screen.queryByTestId('link-preview')).toBeNull();
  });

  it('on: shows the card as text, asked once per message', async () => {
    usePrefs.getState().setPref('linkPreviews', true);
    const { rerender } = render(<LinkPreviewCard message={withLink} />);
    const card = await screen.findByTestId('link-preview');
    expect(card.textContent).toBe('Example<b>Tea</b> at fiveA short guide');
    expect(card.querySelector('b')).toBeNull();
    rerender(<LinkPreviewCard message={{ ...withLink }} />);
    await waitFor(() => expect(screen.getByTestId('link-preview')).toBeTruthy());
    expect(client.callsOf('links.preview')).toEqual([{ accountId: 'a1', messageId: 'm1' }]);
  });

  it('a message without a web link asks nothing', async () => {
    usePrefs.getState().setPref('linkPreviews', true);
    render(<LinkPreviewCard message={message('m2', { body: 'no link here' })} />);
    await new Promise((r) => setTimeout(r, 10));
    expect(client.callsOf('links.preview')).toEqual([]);
  });
});
