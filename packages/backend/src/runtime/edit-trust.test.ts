import type { Message } from '@parley/contract';
import type { EditTarget } from '@parley/store';
import { describe, expect, it } from 'vitest';
import { OccupantStays, mayEdit, type EditSender } from './edit-trust.js';

const message = (extra: Partial<Message> = {}): Message => ({
  id: 'local-1',
  accountId: 'a1',
  peer: 'room@conf.x',
  direction: 'in',
  body: 'text',
  timestamp: 1,
  status: 'received',
  originId: null,
  stanzaId: 'sid-1',
  resource: 'Sam',
  fromOtherDevice: false,
  attachment: null,
  ...extra,
});

const target = (extra: Partial<Message> = {}, occupantId: string | null = null): EditTarget => ({
  message: message(extra),
  senderId: 'g1',
  occupantId,
});

const occupant = (extra: Partial<Extract<EditSender, { kind: 'occupant' }>> = {}): EditSender => ({
  kind: 'occupant',
  nick: 'Sam',
  occupantId: null,
  ours: false,
  live: true,
  ...extra,
});

describe('who may correct or retract a message', () => {
  const never = { saw: () => false };
  const always = { saw: () => true };

  it('one to one: the peer its own messages, our account only ours', () => {
    const direct = (outgoing: boolean): EditSender => ({
      kind: 'direct',
      outgoing,
      source: 'live',
    });
    expect(mayEdit(target({ direction: 'in' }), direct(false), never)).toBe(true);
    expect(mayEdit(target({ direction: 'out' }), direct(false), never)).toBe(false);
    expect(mayEdit(target({ direction: 'out' }), direct(true), never)).toBe(true);
    expect(mayEdit(target({ direction: 'in' }), direct(true), never)).toBe(false);
  });

  it('rooms with occupant ids: the same id, whatever the nick', () => {
    expect(
      mayEdit(target({}, 'occ-A'), occupant({ occupantId: 'occ-A', nick: 'New' }), never),
    ).toBe(true);
    expect(mayEdit(target({}, 'occ-A'), occupant({ occupantId: 'occ-B' }), always)).toBe(false);
    // One side without an id cannot prove it is the same person.
    expect(mayEdit(target({}, 'occ-A'), occupant({ occupantId: null }), always)).toBe(false);
    expect(mayEdit(target({}, null), occupant({ occupantId: 'occ-A' }), always)).toBe(false);
  });

  it('rooms without occupant ids: the same nick, live, for a message of its current stay', () => {
    expect(mayEdit(target(), occupant(), always)).toBe(true);
    expect(mayEdit(target(), occupant(), never)).toBe(false);
    expect(mayEdit(target(), occupant({ nick: 'Eve' }), always)).toBe(false);
    expect(mayEdit(target(), occupant({ live: false }), always)).toBe(false);
  });

  it('rooms: our messages only by us, others’ never by us; the room itself corrects nothing', () => {
    expect(mayEdit(target({ direction: 'out' }), occupant({ ours: true }), never)).toBe(true);
    expect(mayEdit(target({ direction: 'out' }), occupant({ ours: false }), always)).toBe(false);
    expect(mayEdit(target({ direction: 'in' }), occupant({ ours: true }), always)).toBe(false);
    expect(mayEdit(target(), { kind: 'room' }, always)).toBe(false);
  });
});

describe('occupant stays', () => {
  it('forget a nick when it leaves and everything when we rejoin', () => {
    const stays = new OccupantStays();
    stays.note('r@x', 1, 'Sam', 'g1');
    expect(stays.saw('r@x', 1, 'Sam', 'g1')).toBe(true);
    expect(stays.saw('r@x', 1, 'Eve', 'g1')).toBe(false);
    expect(stays.saw('r@x', 1, 'Sam', null)).toBe(false);
    stays.left('r@x', 'Sam');
    expect(stays.saw('r@x', 1, 'Sam', 'g1')).toBe(false);
    stays.note('r@x', 1, 'Sam', 'g2');
    expect(stays.saw('r@x', 2, 'Sam', 'g2')).toBe(false);
  });

  it('are bounded per nick', () => {
    const stays = new OccupantStays();
    for (let i = 0; i < 1_000; i++) stays.note('r@x', 1, 'Sam', `id${i}`);
    expect(stays.saw('r@x', 1, 'Sam', 'id0')).toBe(false);
    expect(stays.saw('r@x', 1, 'Sam', 'id999')).toBe(true);
  });
});
