import '../../test/jsdom.js';
import type { Message } from '@parley/contract';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClient } from '../../app/client';
import { FakeClient } from '../../test/fake-client';
import { resetStores } from '../../test/reset';
import { chatKey } from '../ui/store';
import { Composer } from './Composer';
import { useEdits } from './edits-store';
import { MessageBubble } from './MessageBubble';
import { messageActions } from './message-actions';
import { FIRST_INDEX, useChat } from './store';

const PEER = 'bob@example.org';
const KEY = chatKey('a1', PEER);

const message = (extra: Partial<Message>): Message => ({
  id: 'm1',
  accountId: 'a1',
  peer: PEER,
  direction: 'out',
  body: 'hello',
  timestamp: 1,
  status: 'acked',
  originId: 'm1',
  stanzaId: null,
  resource: null,
  fromOtherDevice: false,
  attachment: null,
  ...extra,
});

let client: FakeClient;
beforeEach(() => {
  resetStores();
  useEdits.setState({ editing: {}, dialog: null });
  client = new FakeClient();
  setClient(client);
  const messages = [
    message({ id: 'mine-1', body: 'first of mine' }),
    message({ id: 'mine-2', body: 'teh last of mine' }),
    message({ id: 'theirs', direction: 'in', body: 'a reply' }),
  ];
  useChat.setState({
    timelines: {
      [KEY]: {
        messages,
        firstItemIndex: FIRST_INDEX,
        complete: true,
        loading: false,
        ready: true,
        error: null,
      },
    },
  });
});
afterEach(cleanup);

describe('Up to edit', () => {
  it('takes our last message into an empty composer, and Enter corrects it', async () => {
    client.handle('messages.correct', (r) =>
      message({ id: r.messageId, body: r.body, edited: { at: 2, count: 1 } }),
    );
    render(<Composer accountId="a1" peer={PEER} peerName="Bob" online />);
    const field = screen.getByTestId('composer') as HTMLTextAreaElement;
    fireEvent.keyDown(field, { key: 'ArrowUp' });
    expect(field.value).toBe('teh last of mine');
    expect(screen.getByTestId('composer-editing').textContent).toContain('Editing');
    fireEvent.change(field, { target: { value: 'the last of mine' } });
    fireEvent.keyDown(field, { key: 'Enter' });
    await waitFor(() => expect(client.callsOf('messages.correct')).toHaveLength(1));
    expect(client.callsOf('messages.correct')[0]).toMatchObject({
      messageId: 'mine-2',
      body: 'the last of mine',
    });
    expect(client.callsOf('messages.send')).toHaveLength(0);
    await waitFor(() => expect(screen.queryByTestId('composer-editing')).toBeNull());
    expect(useChat.getState().timelines[KEY]?.messages[1]?.body).toBe('the last of mine');
  });

  it('does nothing with text in the composer, and Esc cancels the edit', () => {
    render(<Composer accountId="a1" peer={PEER} peerName="Bob" online />);
    const field = screen.getByTestId('composer') as HTMLTextAreaElement;
    fireEvent.change(field, { target: { value: 'draft' } });
    fireEvent.keyDown(field, { key: 'ArrowUp' });
    expect(field.value).toBe('draft');
    expect(screen.queryByTestId('composer-editing')).toBeNull();
    fireEvent.change(field, { target: { value: '' } });
    fireEvent.keyDown(field, { key: 'ArrowUp' });
    expect(screen.getByTestId('composer-editing')).toBeTruthy();
    fireEvent.keyDown(field, { key: 'Escape' });
    expect(screen.queryByTestId('composer-editing')).toBeNull();
    expect(field.value).toBe('');
  });
});

describe('message menu and tombstones', () => {
  const shown = (m: Message, canModerate = false) =>
    messageActions.filter((a) => a.shown(m, { canModerate })).map((a) => a.id);

  it('offers edit and delete on ours, moderation on others’ only to moderators', () => {
    expect(shown(message({}))).toEqual(['react-thumbs-up', 'edit', 'retract']);
    expect(shown(message({ edited: { at: 2, count: 1 } }))).toEqual([
      'react-thumbs-up',
      'edit',
      'history',
      'retract',
    ]);
    expect(shown(message({ direction: 'in', stanzaId: 's1' }))).toEqual(['react-thumbs-up']);
    expect(shown(message({ direction: 'in', stanzaId: 's1' }), true)).toEqual([
      'react-thumbs-up',
      'moderate',
    ]);
    const tomb = { by: PEER, at: 3, moderated: false, reason: null };
    expect(shown(message({ body: '', retracted: tomb }), true)).toEqual([]);
  });

  it('shows a tombstone in place of a deleted or moderated message, and the edited mark', () => {
    const deleted = message({
      body: '',
      retracted: { by: PEER, at: 3, moderated: false, reason: null },
    });
    const { rerender } = render(<MessageBubble message={deleted} continued={false} actor="Me" />);
    expect(screen.getByTestId('tombstone').textContent).toBe('This message was deleted');
    const moderated = message({
      direction: 'in',
      body: '',
      retracted: { by: 'room@x/mod', at: 3, moderated: true, reason: 'spam' },
    });
    rerender(<MessageBubble message={moderated} continued={false} actor="Me" />);
    expect(screen.getByTestId('tombstone').textContent).toBe(
      'This message was removed by a moderator: spam',
    );
    client.handle('messages.editHistory', () => [
      { body: 'teh', at: 1 },
      { body: 'the', at: 2 },
    ]);
    rerender(
      <MessageBubble
        message={message({ body: 'the', edited: { at: 2, count: 1 } })}
        continued={false}
        actor="Me"
      />,
    );
    act(() => fireEvent.click(screen.getByTestId('edited-mark')));
    return waitFor(() =>
      expect(screen.getAllByTestId('edit-version').map((e) => e.textContent)).toEqual([
        expect.stringContaining('teh'),
        expect.stringContaining('the'),
      ]),
    );
  });
});
