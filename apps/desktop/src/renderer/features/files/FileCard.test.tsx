import '../../test/jsdom.js';
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClient } from '../../app/client';
import { FakeClient, failure } from '../../test/fake-client';
import { transfer } from '../../test/fixtures';
import { emitTransfer, renderFileCard } from '../../test/file-card';
import { resetStores } from '../../test/reset';
import { useFiles } from './store';

const MB = 1024 * 1024;
const PNG = 'data:image/png;base64,iVBORw0KGgo=';
let fake: FakeClient;

const renderCard = renderFileCard;
const emit = emitTransfer;

beforeEach(() => {
  resetStores();
  fake = new FakeClient()
    .handle('files.download', ({ messageId }) =>
      transfer('d1', { messageId, state: 'queued', size: 10 * MB }),
    )
    .handle('files.preview', () => ({ mediaType: 'image/png', dataUrl: PNG }))
    .handle('transfers.retry', ({ id }) => transfer(id, { messageId: 'm1', state: 'queued' }));
  setClient(fake);
});
afterEach(() => {
  cleanup();
  setClient(null);
});

describe('FileCard', () => {
  it('offers a file: name, size and type in words, and a download button', async () => {
    const card = renderCard({ name: 'Holiday photo.png', size: 10 * MB });
    expect(card.dataset.state).toBe('offered');
    expect(screen.getByTestId('file-name').textContent).toBe('Holiday photo.png');
    expect(screen.getByTestId('file-name').tagName).toBe('BDI');
    expect(screen.getByTestId('file-meta').textContent).toBe('10 MB · PNG image');
    expect(screen.queryByTestId('file-progress')).toBeNull();
    fireEvent.click(screen.getByTestId('file-download'));
    await waitFor(() => expect(card.dataset.state).toBe('queued'));
    expect(fake.callsOf('files.download')).toEqual([{ accountId: 'a1', messageId: 'm1' }]);
    expect(screen.queryByTestId('file-download')).toBeNull();
  });

  it('shows progress while active, and cancels', async () => {
    const card = renderCard({ size: 10 * MB });
    emit('d1', {
      messageId: 'm1',
      state: 'active',
      size: 10 * MB,
      bytes: Math.ceil(3.2 * MB),
      rate: 1.1 * MB,
    });
    expect(card.dataset.state).toBe('active');
    const bar = screen.getByTestId('file-progress');
    expect(bar.getAttribute('role')).toBe('progressbar');
    expect(bar.getAttribute('aria-valuenow')).toBe('32');
    expect(bar.textContent).toContain('3.2 of 10 MB · 1.1 MB/s');
    fireEvent.click(screen.getByTestId('file-cancel'));
    await waitFor(() => expect(fake.callsOf('transfers.cancel')).toEqual([{ id: 'd1' }]));
  });

  it('shows why it failed, and retries', async () => {
    const card = renderCard();
    emit('d1', {
      messageId: 'm1',
      state: 'failed',
      error: { code: 'hash-mismatch', message: '' },
    });
    expect(card.dataset.state).toBe('failed');
    expect(screen.getByTestId('file-error').textContent).toMatch(/does not match its checksum/);
    fireEvent.click(screen.getByTestId('file-retry'));
    await waitFor(() => expect(card.dataset.state).toBe('queued'));
    expect(fake.callsOf('transfers.retry')).toEqual([{ id: 'd1' }]);
    expect(screen.queryByTestId('file-error')).toBeNull();
  });

  it('shows a failed command in the card', async () => {
    fake.handle('files.download', () => {
      throw failure('The account is not connected');
    });
    renderCard();
    fireEvent.click(screen.getByTestId('file-download'));
    expect((await screen.findByTestId('file-error')).textContent).toContain('not connected');
  });

  it('previews a downloaded image, and opens it only on a click', async () => {
    renderCard();
    emit('d1', { messageId: 'm1', state: 'done', bytes: 10, size: 10, localPath: '/dl/photo.png' });
    const img = (await screen.findByTestId('file-preview')) as HTMLImageElement;
    expect(img.tagName).toBe('IMG');
    expect(img.getAttribute('src')).toBe(PNG);
    expect(fake.callsOf('files.preview')).toEqual([{ id: 'd1' }]);
    expect(fake.callsOf('files.open')).toEqual([]);
    fireEvent.click(screen.getByTestId('file-open'));
    await waitFor(() => expect(fake.callsOf('files.open')).toEqual([{ id: 'd1' }]));
  });

  it('names what a click does: open a viewer type, show anything else in its folder', () => {
    renderCard({ name: 'setup.exe', mediaType: 'image/png' });
    emit('d1', { messageId: 'm1', name: 'setup.exe', state: 'done', bytes: 10, size: 10 });
    expect(screen.getByTestId('file-open').textContent).toContain('Show in folder');
    act(() =>
      useFiles
        .getState()
        .upsert(transfer('d1', { messageId: 'm1', name: 'photo.png', state: 'done' })),
    );
    expect(screen.getByTestId('file-open').textContent).toContain('Open');
    expect(screen.getByTestId('file-open').textContent).not.toContain('folder');
  });

  it("shows no inline preview when the sender asked for disposition='attachment'", async () => {
    renderCard({ disposition: 'attachment' });
    emit('d1', { messageId: 'm1', state: 'done', bytes: 10, size: 10, localPath: '/dl/photo.png' });
    await waitFor(() => expect(screen.getByTestId('file-card').dataset.state).toBe('done'));
    expect(screen.queryByTestId('file-preview')).toBeNull();
    expect(fake.callsOf('files.preview')).toEqual([]);
  });

  it('plays a downloaded video with controls, never on its own', async () => {
    fake.handle('files.preview', () => ({
      mediaType: 'video/mp4',
      dataUrl: 'data:video/mp4;base64,AAAA',
    }));
    renderCard({ name: 'clip.mp4', mediaType: 'video/mp4' });
    emit('d1', { messageId: 'm1', state: 'done', mediaType: 'video/mp4' });
    const video = (await screen.findByTestId('file-preview')) as HTMLVideoElement;
    expect(video.tagName).toBe('VIDEO');
    expect(video.controls).toBe(true);
    expect(video.autoplay).toBe(false);
  });

  it('shows no preview for a type it does not trust or for data of another type', async () => {
    fake.handle('files.preview', () => ({
      mediaType: 'image/png',
      dataUrl: 'data:text/html,<b>x',
    }));
    renderCard();
    emit('d1', { messageId: 'm1', state: 'done' });
    await waitFor(() => expect(useFiles.getState().previews.d1?.status).toBe('error'));
    expect(screen.queryByTestId('file-preview')).toBeNull();
    cleanup();
    renderCard({ name: 'x.svg', mediaType: 'image/svg+xml' }, { id: 'm2' });
    emit('d2', { messageId: 'm2', state: 'done', mediaType: 'image/svg+xml' });
    expect(fake.callsOf('files.preview')).toHaveLength(1);
  });

  it('shows the sender’s own image at once, while it uploads', () => {
    const hostile = '\u202Egnp.exe';
    renderCard({ name: hostile }, { direction: 'out', status: 'pending' });
    act(() => {
      useFiles
        .getState()
        .upsert(
          transfer('u1', { direction: 'upload', messageId: 'm1', state: 'active', bytes: 1 }),
        );
      useFiles.getState().setThumbnail('u1', 'blob:http://localhost:3000/abc');
    });
    expect(screen.getByTestId('file-preview').getAttribute('src')).toBe(
      'blob:http://localhost:3000/abc',
    );
    expect(screen.getByTestId('file-name').textContent).toBe(hostile);
    expect(screen.queryByTestId('file-open')).toBeNull();
    expect(fake.callsOf('files.preview')).toEqual([]);
  });
});
