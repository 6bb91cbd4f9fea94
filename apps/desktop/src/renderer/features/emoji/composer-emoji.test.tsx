import '../../test/jsdom.js';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setClient } from '../../app/client';
import { FakeClient } from '../../test/fake-client';
import { resetStores } from '../../test/reset';
import { Composer } from '../chat/Composer';
import { useChat } from '../chat/store';
import { chatKey } from '../ui/store';
import { loadEmojiIndex } from './emoji-data';
import { useRecentEmoji } from './recent-emoji';
import { typeInComposer } from '../../test/composer';

const PEER = 'bob@example.org';

beforeAll(async () => {
  await loadEmojiIndex(); // the data chunk, loaded once for the whole file
});
beforeEach(() => {
  resetStores();
  useRecentEmoji.setState({ recent: [] });
  setClient(new FakeClient());
});
afterEach(cleanup);

const type = typeInComposer;

const draft = () => useChat.getState().drafts[chatKey('a1', PEER)];
const options = () => screen.queryAllByRole('option').map((o) => o.textContent);

describe(':shortcode: completion in the composer', () => {
  it('lists emoji for ":smi", moves with the arrows and inserts with Enter, not sending', async () => {
    render(<Composer accountId="a1" peer={PEER} peerName="Bob" online />);
    const field = type('hi :smi');
    await screen.findByTestId('shortcode-list');
    expect(options().length).toBeGreaterThan(1);
    expect(options()[0]).toBe('😄 :smile:');
    fireEvent.keyDown(field, { key: 'ArrowDown' });
    const second = screen.getAllByRole('option')[1]!;
    expect(second.getAttribute('aria-selected')).toBe('true');
    const chosen = second.textContent!.split(' ')[0]!;
    expect(fireEvent.keyDown(field, { key: 'Enter' })).toBe(false);
    expect(draft()).toBe(`hi ${chosen}`);
    expect(field.selectionStart).toBe(`hi ${chosen}`.length);
    expect(screen.queryByTestId('shortcode-list')).toBeNull();
    expect(useRecentEmoji.getState().recent).toEqual([chosen]);
  });

  it('inserts with Tab, and Escape closes the list so Enter sends as usual', async () => {
    render(<Composer accountId="a1" peer={PEER} peerName="Bob" online />);
    let field = type(':+1');
    await screen.findByTestId('shortcode-list');
    fireEvent.keyDown(field, { key: 'Tab' });
    expect(draft()).toMatch(/^👍/u);
    field = type('at 10:30 :joy');
    await screen.findByTestId('shortcode-list');
    fireEvent.keyDown(field, { key: 'Escape' });
    expect(screen.queryByTestId('shortcode-list')).toBeNull();
    expect(draft()).toBe('at 10:30 :joy');
  });

  it('offers nothing for a time or a URL', async () => {
    render(<Composer accountId="a1" peer={PEER} peerName="Bob" online />);
    type('see http://example.org at 10:30');
    await act(() => loadEmojiIndex());
    expect(screen.queryByTestId('shortcode-list')).toBeNull();
  });
});

describe('emoji picker in the composer', () => {
  it('inserts the picked emoji at the caret and remembers it as recent', async () => {
    render(<Composer accountId="a1" peer={PEER} peerName="Bob" online />);
    const field = type('ab');
    field.setSelectionRange(1, 1);
    fireEvent.click(screen.getByTestId('emoji-button'));
    fireEvent.change(await screen.findByTestId('emoji-search'), { target: { value: 'pizza' } });
    const pizza = await screen.findByRole('button', { name: /pizza/u });
    fireEvent.click(pizza);
    expect(draft()).toBe('a🍕b');
    expect(screen.queryByTestId('emoji-picker')).toBeNull();
    expect(useRecentEmoji.getState().recent[0]).toBe('🍕');
    fireEvent.click(screen.getByTestId('emoji-button'));
    // The recent tab comes first once something was picked.
    expect(await screen.findByRole('tab', { name: 'recent' })).toBeTruthy();
    expect(screen.getByTestId('emoji-grid').textContent).toBe('🍕');
  });

  it('searches, and Enter in the search picks the first result', async () => {
    render(<Composer accountId="a1" peer={PEER} peerName="Bob" online />);
    fireEvent.click(screen.getByTestId('emoji-button'));
    const search = await screen.findByTestId('emoji-search');
    fireEvent.change(search, { target: { value: 'pizza' } });
    fireEvent.keyDown(search, { key: 'Enter' });
    expect(draft()).toBe('🍕');
  });
});
