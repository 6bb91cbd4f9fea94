import '../../test/jsdom.js';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClient } from '../../app/client';
import { FakeClient } from '../../test/fake-client';
import { message } from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { Composer } from '../chat/Composer';
import { defaultPrefs, usePrefs } from './prefs-store';
import { isSendKey } from './send-key';

const BOB = 'bob@example.org';
let sent: string[];

beforeEach(() => {
  resetStores();
  usePrefs.setState(defaultPrefs());
  sent = [];
  setClient(
    new FakeClient().handle('messages.send', ({ body }) => {
      sent.push(body);
      return message(`m${sent.length}`, { direction: 'out', body });
    }),
  );
});
afterEach(cleanup);

function typed(text: string): HTMLTextAreaElement {
  render(<Composer accountId="a1" peer={BOB} peerName="Bob" online />);
  const field = screen.getByTestId('composer') as HTMLTextAreaElement;
  fireEvent.change(field, { target: { value: text } });
  return field;
}

describe('send on Enter setting', () => {
  it('on (the default): Enter sends, Shift+Enter does not', async () => {
    const field = typed('hello');
    expect(fireEvent.keyDown(field, { key: 'Enter', shiftKey: true })).toBe(true);
    expect(sent).toEqual([]);
    expect(fireEvent.keyDown(field, { key: 'Enter' })).toBe(false);
    await waitFor(() => expect(sent).toEqual(['hello']));
    expect(screen.getByTestId('composer-send').title).toBe('Send (Enter)');
  });

  it('off: Enter starts a line (not taken), Ctrl+Enter sends', async () => {
    usePrefs.getState().setPref('sendOnEnter', false);
    const field = typed('first line');
    // Not prevented: the textarea inserts its line break.
    expect(fireEvent.keyDown(field, { key: 'Enter' })).toBe(true);
    expect(sent).toEqual([]);
    expect(fireEvent.keyDown(field, { key: 'Enter', ctrlKey: true })).toBe(false);
    await waitFor(() => expect(sent).toEqual(['first line']));
    expect(screen.getByTestId('composer-send').title).toBe('Send (Ctrl+Enter)');
  });

  it('never takes an Enter that an input method is composing with', () => {
    const keys = { key: 'Enter', shiftKey: false, ctrlKey: false, metaKey: false };
    expect(isSendKey({ ...keys, isComposing: true }, true)).toBe(false);
    expect(isSendKey({ ...keys, metaKey: true, isComposing: false }, false)).toBe(true);
    expect(isSendKey({ ...keys, key: 'a', isComposing: false }, true)).toBe(false);
  });
});
