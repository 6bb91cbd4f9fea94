import '../../test/jsdom.js';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClient } from '../../app/client';
import { FakeClient } from '../../test/fake-client';
import { transfer } from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { chatKey } from '../ui/store';
import { DropZone } from './DropZone';
import { useStaging } from './staging';
import { useFiles } from './store';

const PEER = 'alice@example.org';
let fake: FakeClient;

function files(...names: string[]) {
  return names.map((n) => new File([`content of ${n}`], n, { type: 'text/plain' }));
}

function renderZone(blocked: string | null = null) {
  render(
    <DropZone accountId="a1" peer={PEER} peerName="Alice" blocked={blocked}>
      <div data-testid="inside">
        <p data-testid="child">timeline</p>
      </div>
    </DropZone>,
  );
  return screen.getByTestId('drop-zone');
}

beforeEach(() => {
  resetStores();
  fake = new FakeClient()
    .handle('files.uploadService', ({ accountId }) => ({
      accountId,
      available: true,
      service: 'upload.example.org',
      maxSize: null,
    }))
    .handle('files.send', ({ files: list }) =>
      list.map((_, i) => transfer(`t${fake.callsOf('files.send').length}-${i}`)),
    );
  setClient(fake);
});
afterEach(() => {
  cleanup();
  setClient(null);
});

describe('DropZone', () => {
  it('highlights while files are dragged over it, across its children', () => {
    const zone = renderZone();
    expect(zone.dataset.active).toBe('false');
    const drag = { dataTransfer: { types: ['Files'], files: [] } };
    fireEvent.dragEnter(zone, drag);
    expect(zone.dataset.active).toBe('true');
    expect(zone.textContent).toContain('Drop to send to Alice');
    fireEvent.dragEnter(screen.getByTestId('child'), drag);
    fireEvent.dragLeave(zone, drag);
    expect(zone.dataset.active).toBe('true');
    fireEvent.dragLeave(screen.getByTestId('child'), drag);
    expect(zone.dataset.active).toBe('false');
  });

  it('ignores text dragged from the page', () => {
    const zone = renderZone();
    fireEvent.dragEnter(zone, { dataTransfer: { types: ['text/plain'], files: [] } });
    expect(zone.dataset.active).toBe('false');
  });

  it('puts the dropped files in the confirm step, sending nothing yet', () => {
    const zone = renderZone();
    const dataTransfer = { types: ['Files'], files: files('a.txt', 'b.txt') };
    fireEvent.dragEnter(zone, { dataTransfer });
    fireEvent.dragOver(zone, { dataTransfer });
    fireEvent.drop(zone, { dataTransfer });
    expect(zone.dataset.active).toBe('false');
    const staged = useStaging.getState().byKey[chatKey('a1', PEER)] ?? [];
    expect(staged.map((s) => s.file.name)).toEqual(['a.txt', 'b.txt']);
    expect(fake.calls).toEqual([]);
  });

  it('explains instead of sending where nothing can be sent', () => {
    const zone = renderZone('You are not in this room.');
    const dataTransfer = { types: ['Files'], files: files('a.txt') };
    fireEvent.dragEnter(zone, { dataTransfer });
    expect(zone.textContent).toContain('You are not in this room.');
    fireEvent.drop(zone, { dataTransfer });
    expect(fake.calls).toEqual([]);
    expect(useFiles.getState().refusals[chatKey('a1', PEER)]).toEqual([
      { name: null, reason: 'You are not in this room.' },
    ]);
  });
});
