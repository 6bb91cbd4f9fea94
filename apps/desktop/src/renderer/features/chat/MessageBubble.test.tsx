import '../../test/jsdom.js';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { Message } from '@parley/contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClient } from '../../app/client';
import { FakeClient } from '../../test/fake-client';
import { message } from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { applyLanguage } from '../../i18n';
import { MessageBubble } from './MessageBubble';

beforeEach(() => resetStores());
afterEach(() => {
  cleanup();
  setClient(null);
  applyLanguage('en');
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

  it('says why in the chosen language when the reason came as a text; older words as they are', () => {
    applyLanguage('de');
    const bounced = {
      ...failed,
      errorText: { id: 'bounce.item-not-found', condition: 'item-not-found' },
    } satisfies Message;
    const { rerender } = render(<MessageBubble message={bounced} continued={false} actor="me" />);
    expect(screen.getByTestId('message-error').textContent).toContain(
      'Nicht gesendet. Den Empfänger gibt es nicht.',
    );
    const refused = { ...failed, errorText: { id: 'omemo.not-sent-offline' } } satisfies Message;
    rerender(<MessageBubble message={refused} continued={false} actor="me" />);
    expect(screen.getByTestId('message-error').textContent).toMatch(
      /^Nicht gesendet: das Konto ist offline\./,
    );
    // A failure from before texts existed keeps its English words.
    rerender(<MessageBubble message={failed} continued={false} actor="me" />);
    expect(screen.getByTestId('message-error').textContent).toContain(
      'The recipient does not exist.',
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

describe('the mark on our message', () => {
  const mine = (over: Partial<Message>) =>
    message('o2', { direction: 'out', body: 'lunch?', status: 'acked', ...over });
  const marks = () => screen.getAllByTestId('message-status');

  it('is one ✓ when delivered and one ✓✓ when seen, each with its own label', () => {
    const { rerender } = render(
      <MessageBubble message={mine({ status: 'delivered' })} continued={false} actor="me" />,
    );
    expect(marks()).toHaveLength(1);
    expect(marks()[0]!.getAttribute('aria-label')).toBe('Delivered');
    expect(marks()[0]!.textContent).toBe('✓');
    rerender(
      <MessageBubble
        message={mine({ status: 'delivered', displayed: true })}
        continued={false}
        actor="me"
      />,
    );
    expect(marks()).toHaveLength(1);
    expect(marks()[0]!.getAttribute('aria-label')).toBe('Seen');
    expect(marks()[0]!.textContent).toBe('✓✓');
    expect(screen.getByRole('img', { name: 'Seen' })).toBeTruthy();
    expect(screen.queryByRole('img', { name: 'Delivered' })).toBeNull();
  });

  it('shows no tick once only the server has it, and a clock while sending', () => {
    const { rerender } = render(
      <MessageBubble message={mine({ status: 'acked' })} continued={false} actor="me" />,
    );
    expect(marks()[0]!.getAttribute('aria-label')).toBe('Sent');
    expect(marks()[0]!.textContent).toBe('');
    rerender(<MessageBubble message={mine({ status: 'pending' })} continued={false} actor="me" />);
    expect(marks()[0]!.getAttribute('aria-label')).toBe('Sending…');
  });
});
