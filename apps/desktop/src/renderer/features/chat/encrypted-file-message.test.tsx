import '../../test/jsdom.js';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClient } from '../../app/client';
import { FakeClient } from '../../test/fake-client';
import { message } from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { MessageBubble } from './MessageBubble';

beforeEach(() => {
  resetStores();
  setClient(new FakeClient());
});
afterEach(() => {
  cleanup();
  setClient(null);
});

// An XEP-0454 file received inside OMEMO: the backend stores the https location as its body.
const url = 'https://upload.example.org/file_share/abc/photo.jpg';
const encryptedFile = message('f1', {
  body: url,
  encryption: 'omemo2',
  trust: 'verified',
  attachment: {
    url,
    name: 'photo.jpg',
    size: null,
    mediaType: 'image/jpeg',
    sha256: null,
    encrypted: true,
  },
});

describe('a file that came encrypted', () => {
  it('is a file card with the lock, its address not shown as text', () => {
    render(<MessageBubble message={encryptedFile} continued={false} actor="me" />);
    expect(screen.getByTestId('encryption-mark').getAttribute('title')).toBe('Encrypted (OMEMO 2)');
    expect(screen.getByText('photo.jpg')).toBeTruthy();
    expect(document.body.textContent).not.toContain(url);
  });
});
