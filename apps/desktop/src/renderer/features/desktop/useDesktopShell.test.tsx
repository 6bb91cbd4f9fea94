import '../../test/jsdom.js';
import { cleanup, render, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClient } from '../../app/client';
import { FakeClient } from '../../test/fake-client';
import { account, conversation } from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { useAccounts } from '../accounts/store';
import { useConversations } from '../conversations/store';
import { useUi } from '../ui/store';
import { FakeDesktopBridge } from './fake-desktop-bridge';
import { attentionCount, desktopReport } from './report';
import { useDesktopShell } from './useDesktopShell';

let fake: FakeClient;
let bridge: FakeDesktopBridge;

function Host() {
  useDesktopShell();
  return null;
}

beforeEach(() => {
  resetStores();
  fake = new FakeClient()
    .handle('conversations.open', ({ accountId, peer }) => conversation(peer, { accountId }))
    .handle('presence.set', () => ({ ok: true as const }))
    .handle('accounts.connect', () => ({ ok: true as const }))
    .handle('accounts.disconnect', () => ({ ok: true as const }));
  setClient(fake);
  bridge = new FakeDesktopBridge();
  window.parleyDesktop = bridge;
});
afterEach(() => {
  cleanup();
  setClient(null);
  delete window.parleyDesktop;
});

describe('what the renderer tells main', () => {
  it('sends the unread total when it changes, and only then', async () => {
    useAccounts.getState().setAll([account()]);
    useConversations.getState().setAll([conversation('juliet@example.org', { unread: 2 })]);
    render(<Host />);
    expect(bridge.reports).toHaveLength(1);
    expect(bridge.reports[0]).toMatchObject({ unread: 2, presence: 'available' });
    useConversations
      .getState()
      .upsert(conversation('romeo@example.org', { unread: 3, name: 'Romeo' }));
    expect(bridge.reports.at(-1)).toMatchObject({ unread: 5 });
    const count = bridge.reports.length;
    useUi.getState().setTab('contacts');
    useConversations
      .getState()
      .upsert(conversation('romeo@example.org', { unread: 3, name: 'Romeo' }));
    expect(bridge.reports).toHaveLength(count);
    useConversations.getState().clearUnread('a1', 'romeo@example.org');
    expect(bridge.reports.at(-1)).toMatchObject({ unread: 2 });
  });

  it('signals a mention when a chat message or a room mention arrives, not a plain room message', () => {
    useAccounts.getState().setAll([account()]);
    useConversations
      .getState()
      .setAll([
        conversation('room@muc.example.org', { kind: 'room' }),
        conversation('juliet@example.org'),
      ]);
    render(<Host />);
    useConversations
      .getState()
      .upsert(conversation('room@muc.example.org', { kind: 'room', unread: 4 }));
    expect(bridge.mentions).toBe(0);
    useConversations
      .getState()
      .upsert(conversation('room@muc.example.org', { kind: 'room', unread: 5, mentions: 1 }));
    expect(bridge.mentions).toBe(1);
    useConversations.getState().upsert(conversation('juliet@example.org', { unread: 1 }));
    expect(bridge.mentions).toBe(2);
    useConversations
      .getState()
      .upsert(conversation('juliet@example.org', { unread: 2, notify: 'never' }));
    expect(bridge.mentions).toBe(2);
  });

  it('bounds the report: at most five unread chats, names cut to 100 characters', () => {
    const many = Array.from({ length: 8 }, (_, i) =>
      conversation(`c${i}@example.org`, { unread: 1, name: 'n'.repeat(300), updatedAt: i }),
    );
    const report = desktopReport([account({ state: 'disconnected' })], many);
    expect(report.chats).toHaveLength(5);
    expect(report.chats[0]!.peer).toBe('c7@example.org');
    expect(report.chats[0]!.name).toHaveLength(100);
    expect(report.presence).toBe('offline');
    expect(attentionCount(many)).toBe(8);
  });
});

describe('tray actions from main', () => {
  it('sets the presence of every enabled account, connecting those offline', async () => {
    useAccounts
      .getState()
      .setAll([
        account({ id: 'a1', ownPresence: { show: 'available', status: 'here' } }),
        account({ id: 'a2', jid: 'two@example.org', state: 'disconnected' }),
        account({ id: 'a3', jid: 'off@example.org', enabled: false }),
      ]);
    render(<Host />);
    bridge.act({ kind: 'presence', show: 'dnd' });
    await waitFor(() =>
      expect(fake.calls.filter((c) => c.name !== 'conversations.open')).toHaveLength(3),
    );
    expect(fake.calls).toEqual([
      { name: 'presence.set', request: { accountId: 'a1', show: 'dnd', status: 'here' } },
      { name: 'presence.set', request: { accountId: 'a2', show: 'dnd', status: '' } },
      { name: 'accounts.connect', request: { id: 'a2' } },
    ]);
  });

  it('offline disconnects the connected accounts; a chat action opens it; junk is ignored', async () => {
    useAccounts.getState().setAll([account()]);
    render(<Host />);
    bridge.act({ kind: 'presence', show: 'offline' });
    bridge.act({ kind: 'presence', show: 'chat' });
    bridge.act({ kind: 'open', chat: { accountId: 'a1', peer: 'not a jid' } });
    bridge.act({ kind: 'open', chat: { accountId: 'a1', peer: 'juliet@example.org' } });
    await waitFor(() =>
      expect(useUi.getState().openChat).toEqual({ accountId: 'a1', peer: 'juliet@example.org' }),
    );
    expect(fake.calls.map((c) => c.name)).toEqual(['accounts.disconnect', 'conversations.open']);
  });
});

describe('the open conversation across restarts', () => {
  it('reopens the remembered conversation once loaded, then remembers the next one', async () => {
    bridge = new FakeDesktopBridge({
      lastConversation: { accountId: 'a1', peer: 'juliet@example.org' },
    });
    window.parleyDesktop = bridge;
    render(<Host />);
    await new Promise((r) => setTimeout(r, 10));
    expect(useUi.getState().openChat).toBeNull();
    useAccounts.getState().setAll([account()]);
    useConversations.getState().setAll([conversation('juliet@example.org')]);
    await waitFor(() =>
      expect(useUi.getState().openChat).toEqual({ accountId: 'a1', peer: 'juliet@example.org' }),
    );
    expect(bridge.patches).toEqual([]);
    useUi.getState().setOpenChat({ accountId: 'a1', peer: 'romeo@example.org' });
    await waitFor(() =>
      expect(bridge.patches).toEqual([
        { lastConversation: { accountId: 'a1', peer: 'romeo@example.org' } },
      ]),
    );
  });

  it('does not reopen (and forgets) a conversation of an account that is gone', async () => {
    bridge = new FakeDesktopBridge({
      lastConversation: { accountId: 'gone', peer: 'juliet@example.org' },
    });
    window.parleyDesktop = bridge;
    useAccounts.getState().setAll([account()]);
    useConversations.getState().setAll([]);
    render(<Host />);
    await new Promise((r) => setTimeout(r, 20));
    expect(useUi.getState().openChat).toBeNull();
    // Forgotten, as the account is.
    expect(bridge.patches).toEqual([{ lastConversation: null }]);
  });

  it('writes nothing back when nothing was remembered and nothing opened', async () => {
    useAccounts.getState().setAll([account()]);
    useConversations.getState().setAll([]);
    render(<Host />);
    await new Promise((r) => setTimeout(r, 20));
    expect(bridge.patches).toEqual([]);
  });

  it('does nothing at all in a browser (no desktop bridge)', () => {
    delete window.parleyDesktop;
    useAccounts.getState().setAll([account()]);
    render(<Host />);
    expect(bridge.reports).toEqual([]);
    expect(bridge.listening).toBe(false);
  });
});
