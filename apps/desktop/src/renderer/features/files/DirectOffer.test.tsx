import '../../test/jsdom.js';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import type { Message } from '@parley/contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClient } from '../../app/client';
import { applyLanguage } from '../../i18n';
import { FakeClient, failure } from '../../test/fake-client';
import { transfer } from '../../test/fixtures';
import { emitTransfer, renderFileCard } from '../../test/file-card';
import { resetStores } from '../../test/reset';

const MB = 1024 * 1024;
const direct = { url: 'jingle:s1', name: 'film.mkv', size: 200 * MB, mediaType: null };
let fake: FakeClient;

const renderCard = (msg: Partial<Message> = {}) => renderFileCard({ ...direct, direct: true }, msg);
const emit = emitTransfer;

beforeEach(() => {
  resetStores();
  fake = new FakeClient().handle('files.download', ({ messageId }) =>
    transfer('d1', {
      messageId,
      name: 'film.mkv',
      size: 200 * MB,
      state: 'queued',
      direct: { transport: null, encrypted: false },
    }),
  );
  setClient(fake);
});
afterEach(() => {
  cleanup();
  setClient(null);
  applyLanguage('en');
});

describe('a file offered directly', () => {
  it('shows name, size and type with Accept and Decline, and fetches nothing by itself', () => {
    const card = renderCard();
    expect(card.dataset.state).toBe('offered');
    expect(screen.getByTestId('file-name').textContent).toBe('film.mkv');
    expect(screen.getByTestId('file-meta').textContent).toBe('200 MB · MKV file');
    expect(screen.getByTestId('direct-accept').textContent).toContain('Accept');
    expect(screen.getByTestId('direct-decline').textContent).toContain('Decline');
    expect(screen.getByTestId('direct-offer').textContent).toBe(
      'Sent directly: nothing is received until you accept.',
    );
    // No URL to fetch: the HTTP download button never shows, and nothing was asked for.
    expect(screen.queryByTestId('file-download')).toBeNull();
    expect(fake.calls.filter((c) => c.name.startsWith('files.'))).toEqual([]);
  });

  it('Accept asks the backend to take the offer; progress, rate and route follow', async () => {
    const card = renderCard();
    fireEvent.click(screen.getByTestId('direct-accept'));
    await waitFor(() => expect(card.dataset.state).toBe('queued'));
    expect(fake.callsOf('files.download')).toEqual([{ accountId: 'a1', messageId: 'm1' }]);
    expect(screen.queryByTestId('direct-accept')).toBeNull();
    expect(screen.getByTestId('direct-route').textContent).toBe('Direct · connecting…');

    emit('d1', {
      messageId: 'm1',
      state: 'active',
      size: 200 * MB,
      bytes: 50 * MB,
      rate: 20 * MB,
      direct: { transport: 'webrtc', encrypted: true },
    });
    expect(screen.getByTestId('file-progress').textContent).toContain('50 of 200 MB · 20 MB/s');
    expect(screen.getByTestId('file-progress').getAttribute('aria-valuenow')).toBe('25');
    expect(screen.getByTestId('direct-route').textContent).toBe(
      'Direct · data channel · end-to-end encrypted',
    );
    fireEvent.click(screen.getByTestId('file-cancel'));
    await waitFor(() => expect(fake.callsOf('transfers.cancel')).toEqual([{ id: 'd1' }]));

    emit('d1', {
      messageId: 'm1',
      state: 'done',
      size: 200 * MB,
      bytes: 200 * MB,
      direct: { transport: 'socks5', encrypted: false },
    });
    expect(card.dataset.state).toBe('done');
    expect(screen.getByTestId('direct-route').textContent).toBe('Direct · SOCKS5');
    expect(screen.getByTestId('file-open')).toBeTruthy();
  });

  it('Decline tells the backend, and the card says it was declined', async () => {
    const card = renderCard();
    fireEvent.click(screen.getByTestId('direct-decline'));
    await waitFor(() => expect(card.dataset.state).toBe('declined'));
    expect(fake.callsOf('files.decline')).toEqual([{ accountId: 'a1', messageId: 'm1' }]);
    expect(fake.callsOf('files.download')).toEqual([]);
    expect(screen.getByTestId('direct-declined').textContent).toBe('You declined this file.');
    expect(screen.queryByTestId('direct-accept')).toBeNull();
  });

  it('says it was declined here from the backend’s record, with no Retry', () => {
    const card = renderCard();
    emit('d1', {
      messageId: 'm1',
      state: 'failed',
      error: { code: 'declined', message: 'You declined the file.' },
      direct: { transport: null, encrypted: false },
    });
    expect(card.dataset.state).toBe('declined');
    expect(screen.getByTestId('direct-declined').textContent).toBe('You declined this file.');
    expect(screen.queryByTestId('file-retry')).toBeNull();
    expect(screen.queryByTestId('direct-accept')).toBeNull();
  });

  it('keeps the offer when declining fails, and says why', async () => {
    fake.handle('files.decline', () => Promise.reject(failure('The account is offline.')));
    const card = renderCard();
    fireEvent.click(screen.getByTestId('direct-decline'));
    expect((await screen.findByTestId('file-error')).textContent).toContain(
      'The account is offline.',
    );
    expect(card.dataset.state).toBe('offered');
    expect(screen.getByTestId('direct-accept')).toBeTruthy();
  });

  it('says in words why a transfer failed: offer gone, no connection, unreachable', () => {
    renderCard();
    const words: [string, string][] = [
      ['offer-gone', 'The offer is no longer open.'],
      ['no-transport', 'No connection to the contact could be made.'],
      ['peer-unreachable', 'None of the contact’s online devices takes files sent directly.'],
    ];
    for (const [code, text] of words) {
      emit('d1', {
        messageId: 'm1',
        state: 'failed',
        error: { code: code as 'offer-gone', message: '' },
        direct: { transport: null, encrypted: false },
      });
      expect(screen.getByTestId('file-error').textContent).toBe(text);
    }
  });
});

describe('the sender’s card of a direct file', () => {
  it('waits for the contact to accept, then shows the progress and the route', () => {
    const card = renderCard({ direction: 'out', status: 'acked' });
    // Never Accept or Decline on one's own offer.
    expect(screen.queryByTestId('direct-accept')).toBeNull();
    const up = { messageId: 'm1', direction: 'upload' as const, size: 200 * MB };
    // The session runs from the offer on: no transport and no bytes until the contact accepts.
    for (const state of ['queued', 'active'] as const) {
      emit('u1', { ...up, state, direct: { transport: null, encrypted: false } });
      const bar = screen.getByTestId('file-progress');
      expect(bar.textContent).toBe('Waiting for the contact to accept…');
      expect(bar.getAttribute('aria-valuenow')).toBeNull();
      // No route before there is one: nothing is negotiated until the contact accepts.
      expect(screen.queryByTestId('direct-route')).toBeNull();
    }
    expect(screen.getByTestId('file-cancel')).toBeTruthy();
    emit('u1', {
      ...up,
      state: 'active',
      bytes: 100 * MB,
      rate: 30 * MB,
      direct: { transport: 'ibb', encrypted: false },
    });
    expect(screen.getByTestId('file-progress').textContent).toContain('100 of 200 MB · 30 MB/s');
    expect(screen.getByTestId('direct-route').textContent).toBe('Direct · in-band');
    expect(card.dataset.state).toBe('active');
  });

  it('says the contact declined, with no Retry behind their back', () => {
    const card = renderCard({ direction: 'out', status: 'acked' });
    emit('u1', {
      messageId: 'm1',
      direction: 'upload',
      state: 'failed',
      // The backend's words say it again: shown once.
      error: { code: 'declined', message: 'They declined the file.' },
      direct: { transport: null, encrypted: false },
    });
    expect(card.dataset.state).toBe('failed');
    expect(screen.getByTestId('file-error').textContent).toBe('The contact declined the file.');
    expect(screen.queryByTestId('file-retry')).toBeNull();
  });
});

describe('direct files in German and Arabic', () => {
  it('names the route in German and offers the file in Arabic', () => {
    applyLanguage('de');
    renderCard();
    emitTransfer('d1', {
      messageId: 'm1',
      state: 'active',
      bytes: MB,
      direct: { transport: 'webrtc', encrypted: true },
    });
    expect(screen.getByTestId('direct-route').textContent).toBe(
      'Direkt · Datenkanal · Ende-zu-Ende-verschlüsselt',
    );
    cleanup();
    resetStores();
    applyLanguage('ar');
    renderCard();
    expect(screen.getByTestId('direct-accept').textContent).toContain('قبول');
    expect(screen.getByTestId('direct-decline').textContent).toContain('رفض');
  });
});
