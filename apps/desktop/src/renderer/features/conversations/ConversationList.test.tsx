import '../../test/jsdom.js';
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { VirtuosoMockContext } from 'react-virtuoso';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadAllDeferred } from '../../ui/deferred';
import { App } from '../../app/App';
import { startApp } from '../../app/bootstrap';
import { setClient } from '../../app/client';
import { FakeClient } from '../../test/fake-client';
import { account, contact, conversation } from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { conversationPreview } from './conversation-preview';
import { ConversationList } from './ConversationList';
import { useConversations } from './store';
import { applyLanguage } from '../../i18n';

// The app's deferred pieces (the conversation among them) in before the first test: a lazy
// chunk's first load can outlast a test's wait on a busy machine.
beforeAll(() => loadAllDeferred());

const openLink = { status: () => 'open' as const, onStatus: () => () => undefined };
const ALICE = 'alice@example.org';
const now = Date.now();
let stop: (() => void) | null = null;

function Sized({ children }: { children: ReactNode }) {
  return (
    <VirtuosoMockContext.Provider value={{ viewportHeight: 600, itemHeight: 40 }}>
      {children}
    </VirtuosoMockContext.Provider>
  );
}

beforeEach(() => resetStores());
afterEach(() => {
  cleanup();
  stop?.();
  stop = null;
  setClient(null);
  applyLanguage('en');
});

const previewOf = async (peer: string) =>
  within(await screen.findByTestId(`conversation-${peer}`)).getByTestId('conversation-preview');

describe('the conversation preview', () => {
  it('follows a correction of the newest message, then shows its tombstone, never the old text or nothing', async () => {
    const client = new FakeClient()
      .handle('accounts.list', () => [account()])
      .handle('conversations.list', () => [
        conversation(ALICE, {
          name: 'Alice',
          lastMessage: { body: 'see you at 6', direction: 'in', timestamp: now },
        }),
      ]);
    stop = startApp(client, openLink);
    render(<App />, { wrapper: Sized });
    expect((await previewOf(ALICE)).textContent).toContain('see you at 6');

    act(() =>
      client.emit(
        'conversation.changed',
        conversation(ALICE, {
          name: 'Alice',
          lastMessage: { body: 'see you at 7', direction: 'in', timestamp: now },
        }),
      ),
    );
    await waitFor(async () => expect((await previewOf(ALICE)).textContent).toContain('at 7'));

    act(() =>
      client.emit(
        'conversation.changed',
        conversation(ALICE, {
          name: 'Alice',
          lastMessage: { body: '', direction: 'in', timestamp: now, retracted: 'sender' },
        }),
      ),
    );
    await waitFor(async () =>
      expect((await previewOf(ALICE)).textContent?.trim()).toBe('Message deleted'),
    );
    expect((await previewOf(ALICE)).classList.contains('retracted')).toBe(true);
  });

  it('names who took it back: us, the sender, or a room moderator', () => {
    const last = (direction: 'in' | 'out', retracted: 'sender' | 'moderator') =>
      conversationPreview(
        conversation(ALICE, { lastMessage: { body: '', direction, timestamp: now, retracted } }),
        undefined,
      );
    expect(last('out', 'sender')).toBe('You deleted a message');
    expect(last('in', 'sender')).toBe('Message deleted');
    expect(last('in', 'moderator')).toBe('Message removed by a moderator');
    // A file's preview is its name; a plain one its text.
    expect(
      conversationPreview(
        conversation(ALICE, {
          lastMessage: { body: '📎 plan.pdf', direction: 'out', timestamp: now },
        }),
        undefined,
      ),
    ).toBe('You: 📎 plan.pdf');
  });
});

describe('a call as the newest item', () => {
  type Outcome = 'answered' | 'missed' | 'declined' | 'cancelled' | 'failed';
  const last = (direction: 'in' | 'out', outcome: Outcome, video = false) =>
    conversationPreview(
      conversation(ALICE, {
        lastMessage: {
          body: '',
          direction,
          timestamp: now,
          call: {
            media: video ? ['audio', 'video'] : ['audio'],
            outcome,
            durationMs: outcome === 'answered' ? 125_000 : null,
          },
        },
      }),
      undefined,
    );

  it('says how it went instead of an empty line', () => {
    expect(last('in', 'missed')).toBe('Missed call');
    expect(last('in', 'cancelled')).toBe('Missed call');
    expect(last('out', 'answered')).toBe('Call, 2:05');
    expect(last('in', 'answered', true)).toBe('Video call, 2:05');
    expect(last('in', 'declined')).toBe('Declined call');
    expect(last('out', 'missed')).toBe('No answer');
    expect(last('out', 'cancelled')).toBe('Cancelled call');
    expect(last('out', 'failed')).toBe('Call failed');
  });

  it('in German', () => {
    applyLanguage('de');
    expect(last('in', 'missed')).toBe('Verpasster Anruf');
    expect(last('out', 'answered')).toBe('Anruf, 2:05');
  });
});

describe('the conversation list names a contact', () => {
  it('by the nick they published when the roster has no name, and follows a new nick', async () => {
    const ZED = 'zed@example.org';
    const client = new FakeClient()
      .handle('accounts.list', () => [account()])
      .handle('roster.list', () => [contact(ZED, { name: '', nick: 'Zed the Great' })])
      .handle('conversations.list', () => [
        conversation(ZED, {
          name: '',
          lastMessage: { body: '/me waves', direction: 'in', timestamp: now },
        }),
      ]);
    stop = startApp(client, openLink);
    render(<App />, { wrapper: Sized });
    const row = await screen.findByTestId(`conversation-${ZED}`);
    await waitFor(() => expect(row.textContent).toContain('Zed the Great'));
    expect((await previewOf(ZED)).textContent).toContain('* Zed the Great waves');

    act(() =>
      client.emit('roster.changed', {
        accountId: 'a1',
        upserted: [contact(ZED, { name: 'Zedekiah', nick: 'Zed the Great' })],
        removed: [],
      }),
    );
    await waitFor(async () => {
      const text = (await screen.findByTestId(`conversation-${ZED}`)).textContent ?? '';
      expect(text).toContain('Zedekiah');
      expect(text).not.toContain('Zed the Great waves');
    });
  });
});

describe('the conversation list in German and Arabic', () => {
  it('translates previews, badges and a private chat’s title', () => {
    applyLanguage('de');
    const out = conversation(ALICE, {
      lastMessage: { body: 'bis gleich', direction: 'out', timestamp: now },
      unread: 2,
    });
    expect(conversationPreview(out, undefined)).toBe('Du: bis gleich');
    useConversations
      .getState()
      .setAll([out, conversation('room@muc.example.org/Bob', { kind: 'private', mentions: 1 })]);
    const { unmount } = render(<ConversationList />, { wrapper: Sized });
    expect(screen.getByTestId('unread-badge').getAttribute('aria-label')).toBe('2 ungelesen');
    const title = screen.getByTestId('conversation-room@muc.example.org/Bob');
    expect(title.textContent).toContain('Bob (in room)');
    // The names stay isolated from the translated words around them.
    expect([...title.querySelectorAll('bdi')].map((b) => b.textContent)).toEqual(['Bob', 'room']);
    expect(screen.getByText('Noch keine Nachrichten')).toBeTruthy();
    unmount();
    applyLanguage('ar');
    render(<ConversationList />, { wrapper: Sized });
    expect(screen.getByTestId('unread-badge').getAttribute('aria-label')).toBe(
      'رسالتان غير مقروءتين',
    );
    expect(
      screen.getByTestId('mention-badge-room@muc.example.org/Bob').getAttribute('aria-label'),
    ).toBe('إشارة واحدة إليك');
  });
});
