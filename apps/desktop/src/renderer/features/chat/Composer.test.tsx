import '../../test/jsdom.js';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClient } from '../../app/client';
import { FakeClient } from '../../test/fake-client';
import { resetStores } from '../../test/reset';
import { chatKey } from '../ui/store';
import { Composer } from './Composer';
import { useChat } from './store';

const ROOM = 'lounge@conference.example.org';
const nicks = () => ({ candidates: ['Bob', 'bella', 'Ann'], ownNick: 'Me' });

beforeEach(() => {
  resetStores();
  setClient(new FakeClient());
});
afterEach(cleanup);

function type(text: string): HTMLTextAreaElement {
  const field = screen.getByTestId('composer') as HTMLTextAreaElement;
  fireEvent.change(field, { target: { value: text } });
  field.setSelectionRange(text.length, text.length);
  return field;
}

/** True when the composer took the Tab (a completion), false when it let it move the focus. */
function tab(field: HTMLTextAreaElement): boolean {
  return !fireEvent.keyDown(field, { key: 'Tab' });
}

describe('Tab in a room composer', () => {
  it('completes a nick, cycles on the next Tab, and puts the caret after it', () => {
    render(<Composer accountId="a1" peer={ROOM} peerName="lounge" online nicks={nicks} />);
    const field = type('b');
    expect(tab(field)).toBe(true);
    expect(field.value).toBe('Bob: ');
    expect(field.selectionStart).toBe(5);
    expect(tab(field)).toBe(true);
    expect(field.value).toBe('bella: ');
    expect(useChat.getState().drafts[chatKey('a1', ROOM)]).toBe('bella: ');
  });

  it('lets Tab move the focus when nothing matches, and in one-to-one chats', () => {
    render(<Composer accountId="a1" peer={ROOM} peerName="lounge" online nicks={nicks} />);
    const field = type('zed');
    expect(tab(field)).toBe(false);
    expect(field.value).toBe('zed');
    cleanup();
    render(<Composer accountId="a1" peer="bob@example.org" peerName="Bob" online />);
    expect(tab(type('b'))).toBe(false);
  });
});
