import { jid } from '@parley/xmpp';
import { describe, expect, it } from 'vitest';
import { conversationTarget } from './conversation-kind.js';

const ROOM = 'tea@muc.example.org';
const isRoom = (bare: string) => bare === ROOM;

describe('conversationTarget', () => {
  it('a known room is a room; its occupant a private chat of its own; anyone else a chat', () => {
    expect(conversationTarget(jid(ROOM), isRoom)).toEqual({ peer: ROOM, kind: 'room' });
    expect(conversationTarget(jid(`${ROOM}/Bob Smith`), isRoom)).toEqual({
      peer: `${ROOM}/Bob Smith`,
      kind: 'private',
    });
    expect(conversationTarget(jid('alice@example.org'), isRoom)).toEqual({
      peer: 'alice@example.org',
      kind: 'chat',
    });
    // A contact's resource is no conversation of its own.
    expect(conversationTarget(jid('alice@example.org/phone'), isRoom)).toEqual({
      peer: 'alice@example.org',
      kind: 'chat',
    });
    // room/nick of a room we do not know is a contact's resource, not a private chat.
    expect(conversationTarget(jid('other@muc.example.org/Bob'), isRoom)).toEqual({
      peer: 'other@muc.example.org',
      kind: 'chat',
    });
  });
});
