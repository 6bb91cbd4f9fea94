import { describe, expect, it } from 'vitest';
import { buildOccupantPresence, NS_MUC } from './muc.js';

describe('our availability in a room (XEP-0045 §7.7)', () => {
  it('goes to our occupant JID with show and status, and is no join (no MUC <x/>)', () => {
    const p = buildOccupantPresence({
      room: 'tea@conference.example.org',
      nick: 'Ann',
      show: 'away',
      status: 'back soon',
    });
    expect(p.attrs.to).toBe('tea@conference.example.org/Ann');
    expect(p.attrs.type).toBeUndefined();
    expect(p.getChildText('show')).toBe('away');
    expect(p.getChildText('status')).toBe('back soon');
    expect(p.getChild('x', NS_MUC)).toBeUndefined();
  });

  it('available with no status: a bare presence', () => {
    const p = buildOccupantPresence({
      room: 'tea@conference.example.org',
      nick: 'Ann',
      show: null,
    });
    expect(p.children).toEqual([]);
  });
});
