import '../../test/jsdom.js';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClient } from '../../app/client';
import { FakeClient } from '../../test/fake-client';
import { account, conversation, room } from '../../test/fixtures';
import { resetStores } from '../../test/reset';
import { useAccounts } from '../accounts/store';
import { MessageBody } from '../chat/MessageBody';
import { useChat } from '../chat/store';
import { useRoomDialog } from '../rooms/dialogs';
import { useRooms } from '../rooms/store';
import { chatKey, useUi } from '../ui/store';
import { openXmppUri } from './open-xmpp-uri';

let client: FakeClient;

beforeEach(() => {
  resetStores();
  client = new FakeClient().handle('conversations.open', ({ accountId, peer }) =>
    conversation(peer, { accountId }),
  );
  setClient(client);
  useAccounts
    .getState()
    .setAll([account({ id: 'a1' }), account({ id: 'a2', jid: 'me@two.example' })]);
  useUi.getState().setActiveAccount('a1');
});
afterEach(cleanup);

describe('following an xmpp: link', () => {
  it('?join opens the join dialog for the room, with the password it carries, as that account', () => {
    const outcome = openXmppUri('xmpp:lounge@conference.example.org?join;password=s3cret', 'a2');
    expect(outcome).toEqual({
      kind: 'join-dialog',
      accountId: 'a2',
      room: 'lounge@conference.example.org',
    });
    expect(useRoomDialog.getState().dialog).toEqual({
      kind: 'join',
      accountId: 'a2',
      address: 'lounge@conference.example.org',
      password: 's3cret',
    });
    // Nothing is joined behind the user's back.
    expect(client.calls.map((c) => c.name)).not.toContain('rooms.join');
  });

  it('opens a room already joined instead of asking again', () => {
    useRooms
      .getState()
      .upsertRoom(room('lounge@conference.example.org', { accountId: 'a1', state: 'joined' }));
    expect(openXmppUri('xmpp:lounge@conference.example.org?join')).toEqual({
      kind: 'chat',
      accountId: 'a1',
      peer: 'lounge@conference.example.org',
    });
    expect(useUi.getState().openChat).toEqual({
      accountId: 'a1',
      peer: 'lounge@conference.example.org',
    });
    expect(useRoomDialog.getState().dialog).toBeNull();
  });

  it("a person's address opens the chat with them; ?message;body= becomes the draft", () => {
    openXmppUri('xmpp:alice@example.org/phone?message;body=Hello%20there');
    expect(useUi.getState().openChat).toEqual({ accountId: 'a1', peer: 'alice@example.org' });
    expect(useChat.getState().drafts[chatKey('a1', 'alice@example.org')]).toBe('Hello there');
    expect(client.calls).toContainEqual({
      name: 'conversations.open',
      request: { accountId: 'a1', peer: 'alice@example.org' },
    });
    expect(client.calls.map((c) => c.name)).not.toContain('messages.send');
  });

  it('does not overwrite a draft the user already has', () => {
    useChat.getState().setDraft(chatKey('a1', 'alice@example.org'), 'mine');
    openXmppUri('xmpp:alice@example.org?message;body=theirs');
    expect(useChat.getState().drafts[chatKey('a1', 'alice@example.org')]).toBe('mine');
  });

  it('ignores what it cannot follow, and says why', () => {
    expect(openXmppUri('https://example.org')).toMatchObject({ kind: 'ignored' });
    expect(openXmppUri('xmpp:example.org')).toMatchObject({ kind: 'ignored' });
    useAccounts.getState().setAll([]);
    useUi.getState().setActiveAccount(null);
    expect(openXmppUri('xmpp:alice@example.org')).toEqual({
      kind: 'ignored',
      reason: 'no account to open it with',
    });
    expect(useUi.getState().openChat).toBeNull();
  });

  it('is a button in a message body that acts as the message’s account', () => {
    render(<MessageBody body="come to xmpp:lounge@conference.example.org?join!" accountId="a2" />);
    const link = screen.getByRole('button', { name: 'xmpp:lounge@conference.example.org?join' });
    fireEvent.click(link);
    expect(useRoomDialog.getState().dialog).toMatchObject({
      kind: 'join',
      accountId: 'a2',
      address: 'lounge@conference.example.org',
    });
  });
});
