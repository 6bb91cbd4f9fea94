import { act, render, screen } from '@testing-library/react';
import type { Attachment, Message } from '@parley/contract';
import { FileCard } from '../features/files/FileCard';
import { useFiles } from '../features/files/store';
import { attachment, message, transfer } from './fixtures';

/** A message 'm1' carrying one file, its card rendered: the card element. */
export function renderFileCard(over: Partial<Attachment> = {}, msg: Partial<Message> = {}) {
  const att = attachment(over);
  const m = message('m1', { body: att.url, attachment: att, ...msg });
  render(<FileCard message={m} attachment={att} />);
  return screen.getByTestId('file-card');
}

/** A transfer as the backend's transfer.changed event lands it in the files slice. */
export function emitTransfer(...args: Parameters<typeof transfer>): void {
  act(() => useFiles.getState().upsert(transfer(...args)));
}
