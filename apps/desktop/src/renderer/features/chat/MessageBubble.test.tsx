import '../../test/jsdom.js';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClient } from '../../app/client';
import { FakeClient } from '../../test/fake-client';
import { message } from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { MessageBubble } from './MessageBubble';

beforeEach(() => resetStores());
afterEach(() => {
  cleanup();
  setClient(null);
});

const failed = message('o1', {
  direction: 'out',
  status: 'failed',
  body: 'anyone there?',
  error: 'The recipient does not exist.',
});

describe('a message that failed', () => {
  it('says why and sends it again on Retry', async () => {
    const client = new FakeClient().handle('messages.retry', (r) => ({
      ...failed,
      id: r.id,
      status: 'pending' as const,
      error: null,
    }));
    setClient(client);
    render(<MessageBubble message={failed} continued={false} actor="me" />);
    expect(screen.getByTestId('message-error').textContent).toContain(
      'Not sent. The recipient does not exist.',
    );
    fireEvent.click(screen.getByTestId('message-retry'));
    await waitFor(() =>
      expect(client.callsOf('messages.retry')).toEqual([
        { accountId: 'a1', peer: 'alice@example.org', id: 'o1' },
      ]),
    );
  });

  it('shows the retry’s own failure, and nothing for messages that did not fail', async () => {
    setClient(
      new FakeClient().handle('messages.retry', () => {
        throw { code: 'not-connected', message: 'me@example.org is not connected' };
      }),
    );
    const { rerender } = render(
      <MessageBubble message={{ ...failed, error: undefined }} continued={false} actor="me" />,
    );
    expect(screen.getByTestId('message-error').textContent).toMatch(/^Not sent\./);
    fireEvent.click(screen.getByTestId('message-retry'));
    await waitFor(() =>
      expect(screen.getByTestId('message-error').textContent).toContain('Retry failed'),
    );
    rerender(
      <MessageBubble message={{ ...failed, status: 'acked' }} continued={false} actor="me" />,
    );
    expect(screen.queryByTestId('message-error')).toBeNull();
  });
});

describe('a message whose sender asked for no styling (XEP-0393 <unstyled/>)', () => {
  it('shows its markers as written; the same text without the flag is styled', () => {
    const text = message('s1', { body: '*not bold* and `no code`' });
    const { container, rerender } = render(
      <MessageBubble message={{ ...text, unstyled: true }} continued={false} actor="alice" />,
    );
    const body = () => container.querySelector('.message-body') as HTMLElement;
    expect(body().querySelector('strong, code')).toBeNull();
    expect(body().textContent).toBe('*not bold* and `no code`');
    rerender(<MessageBubble message={text} continued={false} actor="alice" />);
    expect(body().querySelector('strong')?.textContent).toBe('*not bold*');
  });
});
