import '../../test/jsdom.js';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClient } from '../../app/client';
import { FakeClient } from '../../test/fake-client';
import { resetStores } from '../../test/reset';
import { Composer } from './Composer';

beforeEach(() => {
  resetStores();
  setClient(new FakeClient());
});
afterEach(() => {
  cleanup();
  document.body.replaceChildren();
});

describe('the composer taking the focus when a conversation opens', () => {
  it('takes it', () => {
    render(<Composer accountId="a1" peer="bob@example.org" peerName="Bob" online />);
    expect(document.activeElement).toBe(screen.getByTestId('composer'));
  });

  it('leaves it with a dialog that is open (a room joined while its invite dialog shows)', () => {
    const dialog = document.createElement('div');
    dialog.setAttribute('role', 'dialog');
    const field = document.createElement('input');
    dialog.append(field);
    document.body.append(dialog);
    field.focus();
    render(<Composer accountId="a1" peer="bob@example.org" peerName="Bob" online />);
    expect(document.activeElement).toBe(field);
  });
});
